/// An SMS to a cardholder's registered mobile.
public struct SMSMessage: Sendable, Hashable, CustomStringConvertible {
    /// Why the message is sent.
    public enum Purpose: String, Sendable, Hashable {
        /// The SMS part of an activation code.
        case activation
    }

    /// The recipient.
    public var to: MobileNumber
    /// The text, in Persian; it may carry a secret (an activation part), so it is never logged.
    public var text: String
    /// Why it is sent.
    public var purpose: Purpose
    /// After this Unix time the message is useless and must not be sent late.
    public var expiresAt: Int64

    /// Collects the fields.
    public init(to: MobileNumber, text: String, purpose: Purpose, expiresAt: Int64) {
        self.to = to
        self.text = text
        self.purpose = purpose
        self.expiresAt = expiresAt
    }

    /// Recipient (masked) and purpose; never the text.
    public var description: String { "SMS(\(purpose) to \(to.masked))" }
}

/// Sends SMS: a file outbox in development, a gateway (Kannel, an HTTP provider) in production.
public protocol SMSSender: Sendable {
    /// Hands `message` to the gateway, or throws when it could not be accepted.
    func send(_ message: SMSMessage) async throws
}
