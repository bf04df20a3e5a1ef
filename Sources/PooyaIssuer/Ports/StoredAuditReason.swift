public import Foundation

/// An audit entry's reason as the stores keep it. The one every approval's entry has — its receipt's name,
/// `receipt:` and 22 base64url characters (``AuditReason/receipt(_:)``) — as the 16 bytes those characters write, in a
/// column of its own (`receipt`): 14 bytes less in every such entry, kept for good. Any other reason is its text. The
/// entry reads back as the same reason, so its hash still matches.
public enum StoredAuditReason {
    /// What `reason` is kept as: its text, or its receipt's 16 bytes; neither for no reason.
    public static func columns(_ reason: AuditReason?) -> (text: String?, receipt: Data?) {
        guard let reason else { return (nil, nil) }
        let text = reason.rawValue.utf8
        guard text.count == prefix.utf8.count + 22, text.starts(with: prefix.utf8),
            let bytes = receiptBytes(text.dropFirst(prefix.utf8.count))
        else { return (reason.rawValue, nil) }
        return (nil, bytes)
    }

    /// The reason kept as `text` or `receipt` (``columns(_:)``).
    public static func reason(text: String?, receipt: Data?) -> AuditReason? {
        if let receipt { return .receipt(Base64URL.encode(receipt)) }
        return text.map(AuditReason.init(rawValue:))
    }

    private static let prefix = "receipt:"

    /// The 16 bytes 22 base64url characters write, when they are exactly what ``Base64URL`` writes for them (the last
    /// character's four unused bits zero), so that they read back as the same characters.
    private static func receiptBytes(_ characters: Substring.UTF8View) -> Data? {
        var bytes = Data(capacity: 17)
        var bits: UInt32 = 0
        var count = 0
        for character in characters {
            guard let value = sextet(character) else { return nil }
            bits = bits << 6 | UInt32(value)
            count += 6
            if count >= 8 {
                count -= 8
                bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(count)))
            }
        }
        guard bytes.count == 16, bits & (UInt32(1) << UInt32(count) - 1) == 0 else { return nil }
        return bytes
    }

    private static func sextet(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}
