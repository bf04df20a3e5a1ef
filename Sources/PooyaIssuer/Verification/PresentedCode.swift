import OneTimePassword

/// A code as someone typed it (app, SMS, USSD or capped code), normalised once at the edge: Persian, Arabic-Indic
/// and Latin digits all read as Latin digits. Its description, debug description and mirror show nothing of it.
public struct PresentedCode: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The code in Latin digits, or `nil` when what was typed is not a run of digits (it then matches nothing).
    public let digits: String?

    /// Reads `typed` in any digit set; anything but digits makes a code that matches nothing.
    public init(typed: String) {
        digits = DecimalDigits.latin(typed)
    }

    /// Redacted.
    public var description: String { "PresentedCode(••••)" }
    /// Redacted.
    public var debugDescription: String { description }
    /// Redacted: `dump` shows no digit.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
