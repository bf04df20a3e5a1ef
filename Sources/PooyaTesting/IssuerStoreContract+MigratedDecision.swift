public import PooyaIssuer

extension IssuerStoreContract {
    /// Checks a decision an older schema recorded for card `card` under `transactionID`, once `store` has migrated
    /// it: it reads back with `digest` (what the issuer now computes for a retry of it), another card's decision for
    /// the same transaction id does not replace it, and its own card's next decision does — so the card's id the
    /// migration kept matches the one the store writes now.
    ///
    /// - Throws: ``Violation`` naming the broken promise.
    public static func checkMigratedDecision(
        in store: any IssuerStore,
        card: CardFingerprint,
        otherCard: CardFingerprint,
        transactionID: String,
        digest: String
    ) async throws {
        let recorded = try await store.withCard(card, transactionID: transactionID) { $0?.recordedDecision }
        guard recorded?.requestDigest == digest else {
            throw Violation(description: "the migrated decision's digest is not \(digest)")
        }
        func decision(_ digit: Character, at time: Int64) -> RecordedDecision {
            RecordedDecision(
                transactionID: transactionID,
                requestDigest: String(repeating: digit, count: 32),
                decision: .approved,
                method: .app,
                decidedAt: time
            )
        }
        let other = decision("b", at: 6)
        try await store.withCard(otherCard, transactionID: transactionID) { $0?.recordedDecision = other }
        guard try await store.withCard(card, transactionID: transactionID, { $0?.recordedDecision }) == recorded else {
            throw Violation(description: "another card's decision replaced a migrated one")
        }
        let next = decision("c", at: 7)
        try await store.withCard(card, transactionID: transactionID) { $0?.recordedDecision = next }
        guard try await store.withCard(card, transactionID: transactionID, { $0?.recordedDecision }) == next else {
            throw Violation(description: "the same card's next decision did not replace its migrated refusal")
        }
    }
}
