/// Which of a store's audit chains an event is appended to: a card's events always to the same one (chosen by its
/// fingerprint, a keyed digest, so chains fill evenly), events of no card to chain 0. With one chain (SQLite, whose
/// single writer gains nothing from more) every event goes to chain 0, as before chains were introduced.
public enum AuditChains {
    /// The chain for events of `card` in a store with `count` chains.
    public static func chain(for card: CardFingerprint?, of count: Int) -> Int {
        guard count > 1, let card, let byte = UInt8(card.hex.prefix(2), radix: 16) else { return 0 }
        return Int(byte) % count
    }
}
