import OneTimePassword

/// A PIN block as the switch sent it: enciphered under a zone PIN key, with its format and the key's id. It opens
/// only inside the key vault (``KeyVault/openPINBlock(_:pan:)``); its description, debug description and mirror show
/// its format and key id, never its bytes.
public struct EncipheredPINBlock: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The enciphered bytes: 8 for formats 0 and 3, 16 for format 4.
    public let bytes: [UInt8]
    /// Its format.
    public let format: PINBlockFormat
    /// The id of the zone PIN key it is enciphered under.
    public let zoneKeyID: String

    /// The block written as `hex` (either case).
    ///
    /// - Throws: ``PINBlockFault/malformed`` when `hex` is not the hex of a block of `format`.
    public init(hex: String, format: PINBlockFormat, zoneKeyID: String) throws(PINBlockFault) {
        guard hex.utf8.count == format.length * 2, let bytes = try? Hex.decode(hex) else { throw .malformed }
        self.bytes = bytes
        self.format = format
        self.zoneKeyID = zoneKeyID
    }

    /// The format and key id only.
    public var description: String { "EncipheredPINBlock(\(format.rawValue) under \(zoneKeyID))" }
    /// Redacted.
    public var debugDescription: String { description }
    /// Redacted: `dump` shows no byte.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
