/// Where the issuer keeps its state. Every method is atomic and durable when it returns.
///
/// The contract, checked for every store by the shared suite in `PooyaTesting`:
/// - ``withCard(_:transactionID:_:)`` runs `change` on the card's current state while no other change to that card
///   can run or commit (across threads, processes and, for a networked store, nodes), then saves exactly what
///   `change` changed (``CardChanges``) with its audit events, or nothing at all if `change` throws;
/// - ``readCard(_:)`` returns the committed state without taking the card's write lock;
/// - the audit log is append-only, in ``auditChainCount`` chains (a card's events all in the chain ``AuditChains``
///   names), each numbered without gaps and each entry chained to the one before it in its chain; checkpoints of the
///   chains' heads are kept, append-only;
/// - a change's ``CardState/outgoingSMS`` enter the outbox (``SMSOutbox``) in the change's transaction.
public protocol IssuerStore: SMSOutbox {
    /// Runs `change` on the state of the card with `fingerprint` (`nil` when no such card exists; set it to create
    /// one), with the decision recorded for `transactionID` loaded, and saves the result atomically.
    func withCard<Result: Sendable>(
        _ fingerprint: CardFingerprint,
        transactionID: String?,
        _ change: @escaping @Sendable (inout CardState?) throws -> Result
    ) async throws -> Result

    /// The committed state of the card with `fingerprint` (without a recorded decision), read without a write
    /// transaction: for status pages, lookups and menus, never to decide a change.
    func readCard(_ fingerprint: CardFingerprint) async throws -> CardState?

    /// The fingerprint of the card with this id.
    func cardFingerprint(cardID: String) async throws -> CardFingerprint?

    /// The fingerprint of the card whose open or closed ticket has this lookup id.
    func cardFingerprint(ticketLookupID: String) async throws -> CardFingerprint?

    /// The fingerprint of the card whose open or closed ticket has this serial.
    func cardFingerprint(ticketSerial: String) async throws -> CardFingerprint?

    /// The fingerprint of the card a token belongs to.
    func cardFingerprint(tokenID: String) async throws -> CardFingerprint?

    /// The fingerprints of the cards registered to `mobile`, in the order they were registered.
    func cardFingerprints(mobile: MobileNumber) async throws -> [CardFingerprint]

    /// Appends events that concern no stored card (a handshake for an unknown ticket, say).
    func appendAudit(_ events: [AuditEvent]) async throws

    /// How many audit chains the store appends to: 1 for a store with one writer; fixed for the store's life.
    var auditChainCount: Int { get }

    /// Up to `limit` entries of audit chain `chain` after `sequence`, in order; only those of one card when `card` is
    /// given.
    func auditEntries(chain: Int, after sequence: Int64, limit: Int, card: CardFingerprint?) async throws
        -> [AuditEntry]

    /// Where each audit chain ends now, chain by chain (a chain with no entry yet ends at 0).
    func auditHeads() async throws -> [AuditHead]

    /// Keeps a signed checkpoint of the chains' heads.
    func appendAuditCheckpoint(_ checkpoint: AuditCheckpoint) async throws

    /// Every checkpoint kept, oldest first.
    func auditCheckpoints() async throws -> [AuditCheckpoint]

    /// Up to `limit` of the secrets the store keeps sealed (seeds, activation keys, SMS texts) whose master key is
    /// not `keyID`.
    func sealedRecords(notUnder keyID: UInt32, limit: Int) async throws -> [SealedRecord]

    /// Puts `resealed` in place of `record`'s secret, in one short transaction, only if its row still holds
    /// `record.sealed`.
    ///
    /// - Returns: whether it was replaced; `false` when the row is gone or holds something else.
    func replaceSealed(_ record: SealedRecord, with resealed: SealedSecret) async throws -> Bool

    /// How many stored secrets are sealed under each master key.
    func sealedCounts() async throws -> [UInt32: Int]

    /// Deletes, in one short transaction, records the service no longer needs that were made before `cutoff`: at
    /// most `limit` each of recorded decisions, issued codes, and outbox messages that were sent or expired (never a
    /// queued one). Cards, tokens, tickets and the audit trail are never deleted.
    ///
    /// - Returns: how many records were deleted; 0 once nothing older than `cutoff` is left.
    func deleteRecords(before cutoff: Int64, limit: Int) async throws -> Int
}

extension IssuerStore {
    /// Up to `limit` audit entries after `sequence` in the chain of `card`'s events (chain 0 when `card` is `nil`), in
    /// order; only those of `card` when it is given.
    public func auditEntries(after sequence: Int64, limit: Int, card: CardFingerprint?) async throws -> [AuditEntry] {
        try await auditEntries(
            chain: AuditChains.chain(for: card, of: auditChainCount),
            after: sequence,
            limit: limit,
            card: card
        )
    }
}
