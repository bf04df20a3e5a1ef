import Foundation
import GRDB
public import PooyaIssuer

/// The embedded store: one SQLite database in WAL mode with durable commits (`synchronous = FULL`), written through
/// GRDB. Every ``withCard(_:transactionID:_:)`` is one immediate write transaction, so changes to a card are
/// serialised across threads and across processes that open the same file.
public final class SQLiteStore: IssuerStore {
    let writer: any DatabaseWriter

    /// Opens (creating when missing) the database at `path` and brings its schema up to date.
    public convenience init(path: String) throws {
        try self.init(writer: DatabasePool(path: path, configuration: Self.configuration()))
    }

    /// A database in memory, for tests and demonstrations; gone when the store is.
    public static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(writer: DatabaseQueue(configuration: configuration()))
    }

    private init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try SQLiteSchema.migrator.migrate(writer)
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    public func withCard<Result: Sendable>(
        _ fingerprint: CardFingerprint,
        transactionID: String?,
        _ change: @Sendable (inout CardState?) throws -> Result
    ) async throws -> Result {
        try await writer.write { db in
            let loaded = try SQLiteRows.loadState(db, fingerprint: fingerprint, transactionID: transactionID)
            var state = loaded
            let result = try change(&state)
            try SQLiteRows.save(db, before: loaded, after: state)
            return result
        }
    }

    public func cardFingerprint(cardID: String) async throws -> CardFingerprint? {
        try await fingerprint("SELECT fingerprint FROM cards WHERE id = ?", cardID)
    }

    public func cardFingerprint(ticketLookupID: String) async throws -> CardFingerprint? {
        try await fingerprint(
            "SELECT c.fingerprint FROM activation_tickets t JOIN cards c ON c.id = t.card_id WHERE t.lookup_id = ?",
            ticketLookupID
        )
    }

    public func cardFingerprint(tokenID: String) async throws -> CardFingerprint? {
        try await fingerprint("SELECT c.fingerprint FROM tokens t JOIN cards c ON c.id = t.card_id WHERE t.id = ?", tokenID)
    }

    public func appendAudit(_ events: [AuditEvent]) async throws {
        try await writer.write { db in try SQLiteRows.append(db, events: events) }
    }

    public func auditEntries(after sequence: Int64, limit: Int, card: CardFingerprint?) async throws -> [AuditEntry] {
        try await writer.read { db in
            try SQLiteRows.auditEntries(db, after: sequence, limit: limit, card: card)
        }
    }

    private func fingerprint(_ sql: String, _ key: String) async throws -> CardFingerprint? {
        try await writer.read { db in
            try String.fetchOne(db.cachedStatement(sql: sql), arguments: [key]).map(CardFingerprint.init(hex:))
        }
    }
}
