import Foundation
import GRDB
public import PooyaIssuer

/// The embedded store: one SQLite database in WAL mode with durable commits (`synchronous = FULL`), written through
/// GRDB. Changes to cards run one after another in immediate write transactions, so they are serialised across
/// threads and across processes that open the same file; changes that arrive together share one transaction and
/// one durable commit (``GroupCommit``), each in its own savepoint.
public final class SQLiteStore: IssuerStore {
    let writer: any DatabaseWriter
    private let groupCommit: GroupCommit
    private let checkpointer: WALCheckpointer?

    /// Opens (creating when missing) the database at `path`, brings its schema up to date, and copies its log into
    /// the file in the background (``WALCheckpointer``).
    public convenience init(path: String) throws {
        try self.init(writer: Self.durablePool(path: path), checkpointer: WALCheckpointer(path: path))
    }

    /// A pool whose writer syncs the log at every commit. GRDB's pool turns WAL on after ``configuration()``'s
    /// `prepareDatabase` ran, and sets its writer to `synchronous = NORMAL` as it does, which syncs only at
    /// checkpoints: a commit answered could be lost with the machine's power. So FULL is set on the writer again here.
    private static func durablePool(path: String) throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: configuration())
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return pool
    }

    /// A database in memory, for tests and demonstrations; gone when the store is.
    public static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(writer: DatabaseQueue(configuration: configuration()))
    }

    init(writer: any DatabaseWriter, checkpointer: WALCheckpointer? = nil) throws {
        self.writer = writer
        self.checkpointer = checkpointer
        self.groupCommit = GroupCommit(writer: writer)
        try SQLiteSchema.migrator.migrate(writer)
    }

    /// The log's length, in pages, at which the writer checkpoints it itself (SQLite's default is 1,000): 16,000 pages,
    /// 64 MiB, the bound on the log. Under steady load the log starts over there, the writer's checkpoint finding most
    /// pages already copied by ``WALCheckpointer``; between bursts it starts over sooner, once a background copy has
    /// caught up.
    static let writerCheckpointPages = 16_000

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // For every connection; a pool's writer is set to it again once open (``durablePool(path:)``).
            try db.execute(sql: "PRAGMA synchronous = FULL")
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(writerCheckpointPages)")
            }
        }
        return configuration
    }

    /// Runs `change` on the card's state while no other change to it runs, and saves what it changed (``IssuerStore``).
    public func withCard<Result: Sendable>(
        _ fingerprint: CardFingerprint,
        transactionID: String?,
        _ change: @escaping @Sendable (inout CardState?) throws -> Result
    ) async throws -> Result {
        try await groupCommit.write { db in
            let loaded = try SQLiteRows.loadState(db, fingerprint: fingerprint, transactionID: transactionID)
            var state = loaded
            let result = try change(&state)
            try SQLiteRows.save(db, CardChanges(from: loaded, to: state))
            return result
        }
    }

    /// Inserts many new cards with their tokens, tickets and events in one transaction: for bulk imports, and for
    /// building a realistic population in benchmarks. All or nothing: a card whose number is already registered fails
    /// the whole insert.
    public func insert(_ states: [CardState]) async throws {
        try await writer.write { db in
            for state in states { try SQLiteRows.save(db, CardChanges(from: nil, to: state)) }
        }
    }

    /// The committed state of a card, read without the write lock.
    public func readCard(_ fingerprint: CardFingerprint) async throws -> CardState? {
        try await writer.read { db in try SQLiteRows.loadState(db, fingerprint: fingerprint, transactionID: nil) }
    }

    /// The fingerprint of the card whose ticket has this serial.
    public func cardFingerprint(ticketSerial: String) async throws -> CardFingerprint? {
        try await fingerprint(
            "SELECT c.fingerprint FROM activation_tickets t JOIN cards c ON c.id = t.card_id WHERE t.serial = ?",
            ticketSerial
        )
    }

    /// Deletes at most `limit` each of decisions, issued codes and finished outbox messages made before `cutoff`.
    /// Rows are looked at in the order they were written (rowid), so a batch reads `limit` rows at most and needs no
    /// index on time; rows are written roughly in time order, and a batch that finds none old enough deletes nothing.
    public func deleteRecords(before cutoff: Int64, limit: Int) async throws -> Int {
        try await writer.write { db in
            var deleted = 0
            for (table, time, filter) in [
                ("decisions", "decided_at", "1"), ("issued_codes", "issued_at", "1"),
                ("sms_outbox", "created_at", "status != 'queued'"),
            ] {
                try db.execute(
                    sql: """
                        DELETE FROM \(table) WHERE \(time) < ? AND rowid IN (
                            SELECT rowid FROM \(table) WHERE \(filter) ORDER BY rowid LIMIT ?)
                        """,
                    arguments: [cutoff, limit]
                )
                deleted += db.changesCount
            }
            return deleted
        }
    }

    /// The fingerprint of the card with this id.
    public func cardFingerprint(cardID: String) async throws -> CardFingerprint? {
        try await fingerprint("SELECT fingerprint FROM cards WHERE id = ?", cardID)
    }

    /// The fingerprint of the card whose ticket has this lookup id.
    public func cardFingerprint(ticketLookupID: String) async throws -> CardFingerprint? {
        try await fingerprint(
            "SELECT c.fingerprint FROM activation_tickets t JOIN cards c ON c.id = t.card_id WHERE t.lookup_id = ?",
            ticketLookupID
        )
    }

    /// The fingerprint of the card a token belongs to.
    public func cardFingerprint(tokenID: String) async throws -> CardFingerprint? {
        try await fingerprint(
            "SELECT c.fingerprint FROM tokens t JOIN cards c ON c.id = t.card_id WHERE t.id = ?",
            tokenID
        )
    }

    /// Appends events that concern no stored card to the chained audit log.
    public func appendAudit(_ events: [AuditEvent]) async throws {
        try await writer.write { db in try SQLiteRows.append(db, events: events) }
    }

    /// One chain: SQLite has one writer, which more chains would not relieve.
    public var auditChainCount: Int { 1 }

    /// Up to `limit` audit entries after `sequence`, in order, of one card when given (there is only chain 0).
    public func auditEntries(chain: Int, after sequence: Int64, limit: Int, card: CardFingerprint?) async throws
        -> [AuditEntry]
    {
        guard chain == 0 else { return [] }
        return try await writer.read { db in
            try SQLiteRows.auditEntries(db, after: sequence, limit: limit, card: card)
        }
    }

    /// Where the one chain ends.
    public func auditHeads() async throws -> [AuditHead] {
        try await writer.read { db in
            let head = try SQLiteRows.auditHead(db)
            return [AuditHead(chain: 0, sequence: head?.sequence ?? 0, hash: head?.hash ?? AuditEntry.genesisHash)]
        }
    }

    /// Keeps a signed checkpoint.
    public func appendAuditCheckpoint(_ checkpoint: AuditCheckpoint) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO audit_checkpoints (made_at, token) VALUES (?, ?)",
                arguments: [checkpoint.madeAt, checkpoint.token]
            )
        }
    }

    /// Every checkpoint kept, oldest first.
    public func auditCheckpoints() async throws -> [AuditCheckpoint] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT token FROM audit_checkpoints ORDER BY id").map { token in
                guard let checkpoint = AuditCheckpoint(token: token) else {
                    throw StoredValueCorruption("an unreadable audit checkpoint")
                }
                return checkpoint
            }
        }
    }

    /// Whether the database can be read now, on a reader: the readiness probe, which a long write (a bulk import) does
    /// not hold up.
    public func isReadable() async -> Bool {
        (try? await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) != nil
    }

    /// The journal mode and the synchronous level of the connection that commits, so operators and tests can check
    /// commits are durable (`wal` and 2, FULL, for a file).
    public func pragmas() async throws -> (journalMode: String, synchronous: Int) {
        try await writer.writeWithoutTransaction { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? 0
            )
        }
    }

    private func fingerprint(_ sql: String, _ key: String) async throws -> CardFingerprint? {
        try await writer.read { db in
            try String.fetchOne(db.cachedStatement(sql: sql), arguments: [key]).map(CardFingerprint.init(hex:))
        }
    }
}
