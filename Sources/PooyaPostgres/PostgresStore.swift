import Foundation
public import Logging
public import PooyaIssuer
import PostgresNIO
import Synchronization

/// The store for several `pooya serve` nodes: one PostgreSQL database they share, through a pool of connections.
///
/// Every change runs in one `READ COMMITTED` transaction that first takes the card's advisory lock, so changes to one
/// card run one after another across connections and nodes, and each reads what the one before committed; changes to
/// different cards run side by side. Audit entries are appended last, under the audit head's lock, so the log stays
/// one gapless chain. A serialization failure or deadlock (SQLSTATE 40001, 40P01) runs the whole transaction again,
/// a bounded number of times; a database that cannot be reached is ``StoreUnavailable``.
public final class PostgresStore: IssuerStore, Sendable {
    let client: PostgresClient
    let logger: Logger
    /// How long a request waits for a pooled connection before it fails as ``StoreUnavailable``.
    let leaseTimeout: Duration
    /// When the pool last lent a connection.
    let leases = LeaseClock()
    /// Shared limits and USSD sessions taken on this node, counting to the next sweep of spent rows.
    let sweeps = Atomic<Int>(0)
    private let running: Task<Void, Never>

    /// Connects to the database `settings` name, and brings its schema up to date (waiting for another node that is
    /// doing so).
    ///
    /// - Throws: ``StoreUnavailable`` when the database cannot be reached; PostgreSQL's error when a migration fails.
    public init(settings: PostgresSettings, logger: Logger) async throws {
        let client = PostgresClient(configuration: try settings.clientConfiguration(), backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.leaseTimeout = settings.connectTimeout
        self.running = Task.immediate { await client.run() }
        do {
            try await Self.retrying(logger: logger) {
                try await client.withConnection { connection in
                    try await PostgresSchema.migrate(PostgresSession(connection: connection, logger: logger))
                }
            }
        } catch {
            running.cancel()
            throw error
        }
    }

    deinit {
        running.cancel()
    }

    /// Runs `change` on the card's state under the card's lock, and saves what it changed (``IssuerStore``).
    public func withCard<Result: Sendable>(
        _ fingerprint: CardFingerprint,
        transactionID: String?,
        _ change: @escaping @Sendable (inout CardState?) throws -> Result
    ) async throws -> Result {
        try await transaction { session in
            try await session.lock(.card, key: Self.lockKey(fingerprint))
            let loaded = try await PostgresRows.loadState(
                session,
                fingerprint: fingerprint,
                transactionID: transactionID
            )
            var state = loaded
            let result = try change(&state)
            try await PostgresRows.save(session, CardChanges(from: loaded, to: state))
            return result
        }
    }

    /// Inserts many new cards with their tokens, tickets and events in one transaction (bulk imports, benchmarks); a
    /// card whose number is already registered fails the whole insert.
    public func insert(_ states: [CardState]) async throws {
        try await transaction { session in
            for state in states { try await PostgresRows.save(session, CardChanges(from: nil, to: state)) }
        }
    }

    /// The committed state of a card, read without its lock.
    public func readCard(_ fingerprint: CardFingerprint) async throws -> CardState? {
        try await session { session in
            try await PostgresRows.loadState(session, fingerprint: fingerprint, transactionID: nil)
        }
    }

    /// The fingerprint of the card with this id.
    public func cardFingerprint(cardID: String) async throws -> CardFingerprint? {
        try await fingerprint("SELECT fingerprint FROM cards WHERE id = \(cardID)")
    }

    /// The fingerprint of the card whose ticket has this lookup id.
    public func cardFingerprint(ticketLookupID: String) async throws -> CardFingerprint? {
        try await fingerprint(
            """
            SELECT c.fingerprint FROM activation_tickets t JOIN cards c ON c.id = t.card_id
            WHERE t.lookup_id = \(ticketLookupID)
            """
        )
    }

    /// The fingerprint of the card whose ticket has this serial.
    public func cardFingerprint(ticketSerial: String) async throws -> CardFingerprint? {
        try await fingerprint(
            """
            SELECT c.fingerprint FROM activation_tickets t JOIN cards c ON c.id = t.card_id
            WHERE t.serial = \(ticketSerial)
            """
        )
    }

    /// The fingerprint of the card a token belongs to.
    public func cardFingerprint(tokenID: String) async throws -> CardFingerprint? {
        try await fingerprint(
            "SELECT c.fingerprint FROM tokens t JOIN cards c ON c.id = t.card_id WHERE t.id = \(tokenID)"
        )
    }

    /// The fingerprints of the cards registered to `mobile`, in the order they were registered.
    public func cardFingerprints(mobile: MobileNumber) async throws -> [CardFingerprint] {
        try await session { session in
            try await session.rows(
                "SELECT fingerprint FROM cards WHERE mobile = \(mobile.e164) ORDER BY registered_at, position"
            ).map { CardFingerprint(hex: try $0.decode(String.self)) }
        }
    }

    /// Appends events that concern no stored card to the chained audit log.
    public func appendAudit(_ events: [AuditEvent]) async throws {
        try await transaction { session in try await PostgresRows.append(session, events: events) }
    }

    /// How many audit chains there are: 16, so that changes to cards of different chains do not wait on one chain's
    /// head. Fixed for a database's life (a card's entries are found in its chain by this number).
    public static let auditChains = 16

    /// Sixteen chains (``auditChains``).
    public var auditChainCount: Int { Self.auditChains }

    /// Up to `limit` entries of chain `chain` after `sequence`, in order, of one card when given.
    public func auditEntries(chain: Int, after sequence: Int64, limit: Int, card: CardFingerprint?) async throws
        -> [AuditEntry]
    {
        try await session { session in
            try await PostgresRows.auditEntries(session, chain: chain, after: sequence, limit: limit, card: card)
        }
    }

    /// Where each chain ends.
    public func auditHeads() async throws -> [AuditHead] {
        try await session { session in
            var heads = (0..<Self.auditChains).map {
                AuditHead(chain: $0, sequence: 0, hash: AuditEntry.genesisHash)
            }
            let rows = try await session.rows(
                """
                SELECT DISTINCT ON (chain) chain, sequence, hash FROM audit ORDER BY chain, sequence DESC
                """
            )
            for row in rows {
                let (chain, sequence, hash) = try row.decode((Int, Int64, Data).self)
                if heads.indices.contains(chain) {
                    heads[chain] = AuditHead(chain: chain, sequence: sequence, hash: StoredDigest.hex(hash))
                }
            }
            return heads
        }
    }

    /// Keeps a signed checkpoint.
    public func appendAuditCheckpoint(_ checkpoint: AuditCheckpoint) async throws {
        try await session { session in
            try await session.run(
                "INSERT INTO audit_checkpoints (made_at, token) VALUES (\(checkpoint.madeAt), \(checkpoint.token))"
            )
        }
    }

    /// Every checkpoint kept, oldest first.
    public func auditCheckpoints() async throws -> [AuditCheckpoint] {
        try await session { session in
            try await session.rows("SELECT token FROM audit_checkpoints ORDER BY id").map { row in
                guard let checkpoint = AuditCheckpoint(token: try row.decode(String.self)) else {
                    throw StoredValueCorruption("an unreadable audit checkpoint")
                }
                return checkpoint
            }
        }
    }

    /// Deletes at most `limit` each of decisions, issued codes and finished outbox messages made before `cutoff`,
    /// oldest first, found by their time's index.
    public func deleteRecords(before cutoff: Int64, limit: Int) async throws -> Int {
        try await transaction { session in
            var deleted = 0
            for (table, key, time, filter) in [
                ("decisions", "transaction_id", "decided_at", ""), ("issued_codes", "id", "issued_at", ""),
                ("sms_outbox", "id", "created_at", "AND status <> 'queued'"),
            ] {
                deleted += try await session.rows(
                    """
                    DELETE FROM \(unescaped: table) WHERE \(unescaped: key) IN (
                        SELECT \(unescaped: key) FROM \(unescaped: table)
                        WHERE \(unescaped: time) < \(cutoff) \(unescaped: filter)
                        ORDER BY \(unescaped: time) LIMIT \(limit))
                    RETURNING 1
                    """
                ).count
            }
            return deleted
        }
    }

    /// Whether the database answers now: for the readiness probe.
    public func isReachable() async -> Bool {
        (try? await session { session in try await session.run("SELECT 1") }) != nil
    }

    private func fingerprint(_ query: PostgresQuery) async throws -> CardFingerprint? {
        try await session { session in
            try await session.row(query).map { CardFingerprint(hex: try $0.decode(String.self)) }
        }
    }

    /// The card's advisory lock key: the first 32 bits of its fingerprint.
    private static func lockKey(_ fingerprint: CardFingerprint) -> Int32 {
        Int32(bitPattern: UInt32(fingerprint.hex.prefix(8), radix: 16) ?? 0)
    }
}
