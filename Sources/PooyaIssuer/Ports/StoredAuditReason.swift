public import Foundation

/// An audit entry's reason as the stores keep it. The one every approval's entry has — its receipt's name,
/// `receipt:` and 22 base64url characters (``AuditReason/receipt(_:)``) — as the 16 bytes those characters write, in a
/// column of its own (`receipt`): 13 bytes less in every such entry, kept for good
/// (`scripts/storage-per-verification`). Any other reason is its text. The entry reads back as the same reason, so its
/// hash still matches.
public enum StoredAuditReason {
    /// What `reason` is kept as: its text, or its receipt's 16 bytes — when its 22 characters are exactly what
    /// ``Base64URL`` writes for them, so that they read back the same; neither for no reason.
    public static func columns(_ reason: AuditReason?) -> (text: String?, receipt: Data?) {
        guard let reason else { return (nil, nil) }
        let name = reason.rawValue.dropFirst(prefix.count)
        guard reason.rawValue.hasPrefix(prefix), name.utf8.count == 22, let bytes = Base64URL.decode(name),
            Base64URL.encode(bytes) == name
        else { return (reason.rawValue, nil) }
        return (nil, bytes)
    }

    /// The reason kept as `text` or `receipt` (``columns(_:)``).
    public static func reason(text: String?, receipt: Data?) -> AuditReason? {
        if let receipt { return .receipt(Base64URL.encode(receipt)) }
        return text.map(AuditReason.init(rawValue:))
    }

    private static let prefix = "receipt:"
}
