/// A card number together with its keyed fingerprint, computed once per request (``Issuer/reference(to:)``): the
/// rate limits and the rules all name the card by the same fingerprint.
public struct CardReference: Sendable, Hashable, CustomStringConvertible {
    /// The card number.
    public let pan: PAN
    /// Its keyed fingerprint.
    public let fingerprint: CardFingerprint

    init(pan: PAN, fingerprint: CardFingerprint) {
        self.pan = pan
        self.fingerprint = fingerprint
    }

    /// The masked number and the fingerprint's prefix; never the whole number.
    public var description: String { "\(pan.masked) (\(fingerprint))" }
}
