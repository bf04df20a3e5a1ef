/// What the console's helpdesk, auditors and operators read: cards found by what a caller can tell them, the newest
/// audit entries, and the SMS outbox. Reads only, never a code, a text or a full card number.
extension Issuer {
    /// The ids of the cards registered to `mobile` whose number ends with `lastFour`: how support finds a caller's
    /// card without its number.
    public func cardIDs(mobile: MobileNumber, lastFour: String) async throws -> [String] {
        var ids: [String] = []
        for fingerprint in try await store.cardFingerprints(mobile: mobile) {
            if let card = try await store.readCard(fingerprint)?.card, card.maskedPAN.hasSuffix(lastFour) {
                ids.append(card.id)
            }
        }
        return ids
    }

    /// The newest audit entries: up to `perChain` of each chain, newest first.
    public func recentAuditEntries(perChain: Int) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for head in try await store.auditHeads() where head.sequence > 0 {
            entries += try await store.auditEntries(
                chain: head.chain,
                after: max(0, head.sequence - Int64(perChain)),
                limit: perChain,
                card: nil
            )
        }
        return entries.sorted { ($0.event.time, $0.sequence) > ($1.event.time, $1.sequence) }
    }

    /// The newest `limit` outbox messages, newest first: every card's, or those of card `cardID`. Their texts stay
    /// sealed.
    public func outboxMessages(limit: Int, cardID: String? = nil) async throws -> [OutboxMessage] {
        try await store.recentOutboxMessages(limit: limit, cardID: cardID)
    }

    /// How many outbox messages are in each status.
    public func outboxCounts() async throws -> [OutboxStatus: Int] {
        try await store.outboxCounts()
    }

    /// Where each audit chain ends now.
    public func auditHeads() async throws -> [AuditHead] {
        try await store.auditHeads()
    }
}
