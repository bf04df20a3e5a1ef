public import PooyaIssuer
import Synchronization

/// A second ``IssuerStore``, kept in memory behind one lock: every change runs while no other can, and writes what
/// ``CardChanges`` says, as the SQLite store does. It runs the same contract suite, so the contract does not quietly
/// describe one adapter; and tests that need no database can use it. Nothing survives the value.
public final class InMemoryIssuerStore: IssuerStore {
    private struct Tables {
        var cards: [Card] = []
        var tokens: [Token] = []
        var tickets: [ActivationTicket] = []
        var codes: [IssuedCode] = []
        var decisions: [String: (cardID: String, decision: RecordedDecision)] = [:]
        var outbox: [OutboxMessage] = []
        var audit: [AuditEntry] = []
        var checkpoints: [AuditCheckpoint] = []

        func state(of fingerprint: CardFingerprint, transactionID: String?) -> CardState? {
            guard let card = cards.first(where: { $0.fingerprint == fingerprint }) else { return nil }
            let newest = codes.filter { $0.cardID == card.id }.sorted { ($1.issuedAt, $0.id) < ($0.issuedAt, $1.id) }
            return CardState(
                card: card,
                tokens: tokens.filter { $0.cardID == card.id && $0.revokedAt == nil },
                tickets: tickets.filter { $0.cardID == card.id && $0.closedAt == nil },
                issuedCodes: Array(newest.prefix(32)),
                recordedDecision: transactionID.flatMap { decisions[$0]?.decision }
            )
        }

        mutating func write(_ changes: CardChanges) {
            if let card = changes.card { Self.upsert(card, into: &cards, id: \.id) }
            for token in changes.tokens { Self.upsert(token, into: &tokens, id: \.id) }
            for ticket in changes.tickets { Self.upsert(ticket, into: &tickets, id: \.serial) }
            for code in changes.issuedCodes { Self.upsert(code, into: &codes, id: \.id) }
            outbox += changes.messages
            // A transaction id of another card's keeps that card's decision, as the databases' upserts do.
            if let decision = changes.decision, let cardID = changes.cardID,
                decisions[decision.transactionID].map({ $0.cardID == cardID }) ?? true
            {
                decisions[decision.transactionID] = (cardID, decision)
            }
            append(changes.auditEvents)
        }

        mutating func append(_ events: [AuditEvent]) {
            for event in events {
                audit.append(AuditEntry.chained(event, after: audit.last.map { ($0.sequence, $0.hash) }))
            }
        }

        func fingerprint(ofCard id: String?) -> CardFingerprint? {
            cards.first { $0.id == id }?.fingerprint
        }

        private static func upsert<Row>(_ row: Row, into rows: inout [Row], id: (Row) -> String) {
            if let index = rows.firstIndex(where: { id($0) == id(row) }) { rows[index] = row } else { rows.append(row) }
        }
    }

    private let tables = Mutex(Tables())

    /// An empty store.
    public init() {}

    /// Runs `change` on the card's state while no other change to it runs, and saves what it changed (``IssuerStore``).
    public func withCard<Result: Sendable>(
        _ fingerprint: CardFingerprint,
        transactionID: String?,
        _ change: @escaping @Sendable (inout CardState?) throws -> Result
    ) async throws -> Result {
        try tables.withLock { tables in
            let loaded = tables.state(of: fingerprint, transactionID: transactionID)
            var state = loaded
            let result = try change(&state)
            tables.write(try CardChanges(from: loaded, to: state))
            return result
        }
    }

    /// The committed state of a card, read without the write lock.
    public func readCard(_ fingerprint: CardFingerprint) async throws -> CardState? {
        tables.withLock { $0.state(of: fingerprint, transactionID: nil) }
    }

    /// The fingerprint of the card with this id.
    public func cardFingerprint(cardID: String) async throws -> CardFingerprint? {
        tables.withLock { $0.fingerprint(ofCard: cardID) }
    }

    /// The fingerprint of the card whose ticket has this lookup id.
    public func cardFingerprint(ticketLookupID: String) async throws -> CardFingerprint? {
        tables.withLock { $0.fingerprint(ofCard: $0.tickets.first { $0.lookupID == ticketLookupID }?.cardID) }
    }

    /// The fingerprint of the card whose ticket has this serial.
    public func cardFingerprint(ticketSerial: String) async throws -> CardFingerprint? {
        tables.withLock { $0.fingerprint(ofCard: $0.tickets.first { $0.serial == ticketSerial }?.cardID) }
    }

    /// The fingerprint of the card a token belongs to.
    public func cardFingerprint(tokenID: String) async throws -> CardFingerprint? {
        tables.withLock { $0.fingerprint(ofCard: $0.tokens.first { $0.id == tokenID }?.cardID) }
    }

    /// The fingerprints of the cards registered to `mobile`, in the order they were registered.
    public func cardFingerprints(mobile: MobileNumber) async throws -> [CardFingerprint] {
        tables.withLock { $0.cards.filter { $0.mobile == mobile }.map(\.fingerprint) }
    }

    /// Appends events that concern no stored card to the chained audit log.
    public func appendAudit(_ events: [AuditEvent]) async throws {
        tables.withLock { $0.append(events) }
    }

    /// One chain.
    public var auditChainCount: Int { 1 }

    /// Up to `limit` audit entries after `sequence`, in order, of one card when given (there is only chain 0).
    public func auditEntries(chain: Int, after sequence: Int64, limit: Int, card: CardFingerprint?) async throws
        -> [AuditEntry]
    {
        tables.withLock { tables in
            Array(
                tables.audit.lazy.filter {
                    chain == 0 && $0.sequence > sequence && (card == nil || $0.event.cardFingerprint == card)
                }
                .prefix(limit)
            )
        }
    }

    /// Where the one chain ends.
    public func auditHeads() async throws -> [AuditHead] {
        tables.withLock { tables in
            [
                AuditHead(
                    chain: 0,
                    sequence: tables.audit.last?.sequence ?? 0,
                    hash: tables.audit.last?.hash ?? AuditEntry.genesisHash
                )
            ]
        }
    }

    /// Keeps a signed checkpoint.
    public func appendAuditCheckpoint(_ checkpoint: AuditCheckpoint) async throws {
        tables.withLock { $0.checkpoints.append(checkpoint) }
    }

    /// Every checkpoint kept, oldest first.
    public func auditCheckpoints() async throws -> [AuditCheckpoint] {
        tables.withLock { $0.checkpoints }
    }

    /// Deletes at most `limit` each of decisions, issued codes and finished outbox messages made before `cutoff`.
    public func deleteRecords(before cutoff: Int64, limit: Int) async throws -> Int {
        tables.withLock { tables in
            let decisions = tables.decisions.filter { $0.value.decision.decidedAt < cutoff }.keys.prefix(limit)
            for id in decisions { tables.decisions[id] = nil }
            let codes = Self.removeFirst(limit, from: &tables.codes) { $0.issuedAt < cutoff }
            let messages = Self.removeFirst(limit, from: &tables.outbox) {
                $0.status != .queued && $0.createdAt < cutoff
            }
            return decisions.count + codes + messages
        }
    }

    private static func removeFirst<Row>(_ limit: Int, from rows: inout [Row], where old: (Row) -> Bool) -> Int {
        var removed = 0
        rows.removeAll { row in
            guard removed < limit, old(row) else { return false }
            removed += 1
            return true
        }
        return removed
    }

    /// Puts messages in the outbox, due at once.
    public func enqueue(_ messages: [OutboxMessage]) async throws {
        tables.withLock { $0.outbox += messages }
    }

    /// Claims the oldest due messages, leased until `leaseUntil` so no other dispatcher takes them.
    public func claimDue(now: Int64, leaseUntil: Int64, limit: Int) async throws -> [OutboxMessage] {
        tables.withLock { tables in
            let due = tables.outbox.indices.filter {
                tables.outbox[$0].status == .queued && tables.outbox[$0].nextAttemptAt <= now
            }
            .sorted {
                (tables.outbox[$0].nextAttemptAt, tables.outbox[$0].createdAt, $0) < (
                    tables.outbox[$1].nextAttemptAt, tables.outbox[$1].createdAt, $1
                )
            }
            .prefix(limit)
            let claimed = due.map { tables.outbox[$0] }
            for index in due { tables.outbox[index].nextAttemptAt = leaseUntil }
            return claimed
        }
    }

    /// Saves a message's sending state (its delivery report is kept as recorded).
    public func update(_ message: OutboxMessage) async throws {
        tables.withLock { tables in
            guard let index = tables.outbox.firstIndex(where: { $0.id == message.id }) else { return }
            let stored = tables.outbox[index]
            tables.outbox[index] = message
            tables.outbox[index].delivery = stored.delivery
            tables.outbox[index].deliveryAt = stored.deliveryAt
        }
    }

    /// Records a delivery report; a late intermediate one never replaces a final one.
    public func recordDelivery(messageID: String, status: DeliveryStatus, at time: Int64) async throws -> Bool {
        tables.withLock { tables in
            guard let index = tables.outbox.firstIndex(where: { $0.id == messageID }) else { return false }
            if tables.outbox[index].delivery?.isFinal != true || status.isFinal {
                tables.outbox[index].delivery = status
                tables.outbox[index].deliveryAt = time
            }
            return true
        }
    }

    /// The outbox message with this id.
    public func outboxMessage(id: String) async throws -> OutboxMessage? {
        tables.withLock { $0.outbox.first { $0.id == id } }
    }

    /// The newest outbox messages, newest first.
    public func recentOutboxMessages(limit: Int, cardID: String?) async throws -> [OutboxMessage] {
        tables.withLock { tables in
            Array(
                tables.outbox.enumerated().filter { cardID == nil || $0.element.cardID == cardID }.sorted {
                    ($1.element.createdAt, $1.offset) < ($0.element.createdAt, $0.offset)
                }
                .prefix(limit).map(\.element)
            )
        }
    }

    /// The outbox's messages counted by status.
    public func outboxCounts() async throws -> [OutboxStatus: Int] {
        tables.withLock { tables in tables.outbox.reduce(into: [:]) { $0[$1.status, default: 0] += 1 } }
    }
}

extension InMemoryIssuerStore {
    /// Up to `limit` sealed secrets whose master key is not `keyID`: seeds, then tickets' keys, then SMS texts.
    public func sealedRecords(notUnder keyID: UInt32, limit: Int) async throws -> [SealedRecord] {
        tables.withLock { tables in
            let all =
                tables.tokens.map { SealedRecord(kind: .seed, id: $0.id, sealed: $0.sealedSeed) }
                + tables.tickets.map {
                    SealedRecord(kind: .activationKey, id: $0.serial, sealed: $0.sealedActivationKey)
                }
                + tables.outbox.map { SealedRecord(kind: .smsText, id: $0.id, sealed: $0.sealedText) }
            return Array(all.lazy.filter { $0.sealed.keyID != keyID }.prefix(limit))
        }
    }

    /// Replaces the secret if its row still holds what was read.
    public func replaceSealed(_ record: SealedRecord, with resealed: SealedSecret) async throws -> Bool {
        tables.withLock { tables in
            switch record.kind {
            case .seed:
                guard
                    let index = tables.tokens.firstIndex(where: { $0.id == record.id && $0.sealedSeed == record.sealed }
                    )
                else { return false }
                tables.tokens[index].sealedSeed = resealed
            case .activationKey:
                guard
                    let index = tables.tickets.firstIndex(where: {
                        $0.serial == record.id && $0.sealedActivationKey == record.sealed
                    })
                else { return false }
                tables.tickets[index].sealedActivationKey = resealed
            case .smsText:
                guard
                    let index = tables.outbox.firstIndex(where: { $0.id == record.id && $0.sealedText == record.sealed }
                    )
                else { return false }
                tables.outbox[index].sealedText = resealed
            case .staffSeed:
                // This store keeps no staff (the console's accounts are the databases').
                return false
            }
            return true
        }
    }

    /// How many secrets are sealed under each master key.
    public func sealedCounts() async throws -> [UInt32: Int] {
        tables.withLock { tables in
            let keys =
                tables.tokens.map(\.sealedSeed.keyID) + tables.tickets.map(\.sealedActivationKey.keyID)
                + tables.outbox.map(\.sealedText.keyID)
            return keys.reduce(into: [:]) { $0[$1, default: 0] += 1 }
        }
    }
}
