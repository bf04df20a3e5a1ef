public import Foundation

/// A card's id as a recorded decision keeps it: the 16 bytes of the 32 hex digits after `crd_` (the issuer makes every
/// card's id that way), not its 36 characters. The decision's card is only ever compared (a decision is never replaced
/// by another card's), never read back, so the bytes need not turn into text again.
public enum StoredCardID {
    /// The bytes kept for `id`: 16 for an id the issuer made, and for any other id (a test's, or a hand-made one) its
    /// text's UTF-8, which cannot equal a made id's bytes but by a 2⁻¹²⁸ chance.
    public static func bytes(_ id: String) -> Data {
        if id.hasPrefix(prefix), let bytes = try? StoredDigest.bytes(String(id.dropFirst(prefix.count))),
            bytes.count == 16
        {
            return bytes
        }
        return Data(id.utf8)
    }

    private static let prefix = "crd_"
}
