import Foundation
import Logging
import PooyaIssuer
import PostgresNIO

/// One leased connection, inside a transaction or not, with the few ways the store talks through it.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    /// Every row `query` answers.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    /// The first row `query` answers, if any.
    func row(_ query: PostgresQuery) async throws -> PostgresRow? {
        try await rows(query).first
    }

    /// Runs `query` for its effect, discarding whatever rows it answers.
    func run(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }

    /// Takes this transaction's lock on `key` in `space`, waiting while another transaction holds it; it is let go
    /// when the transaction ends, committed or not.
    func lock(_ space: PostgresLockSpace, key: Int32 = 0) async throws {
        _ = try await rows(HotStatements.TransactionLock.self) {
            $0.append(space.rawValue)
            $0.append(key)
        }
    }
}

/// What PostgreSQL's advisory locks (`pg_advisory_xact_lock(space, key)`) serialise, by first key. Always taken in
/// this order within a transaction (a card before the audit head), so two transactions never wait on each other.
enum PostgresLockSpace: Int32 {
    /// One card's changes, keyed by the first 32 bits of its fingerprint (two cards sharing them only wait for each
    /// other more).
    case card = 1
    /// The audit log's head, while entries are appended.
    case auditHead = 2
    /// The schema, while migrations run (a session lock, held by the node migrating).
    case schema = 3
}

/// A row's values read one after another, in the order its `SELECT` named its columns (``StoredColumns``).
struct PostgresColumns: StoredColumns {
    private let row: PostgresRandomAccessRow
    private var index = 0

    /// Reads `row` from its first column.
    init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    mutating func string() throws -> String { try next() }
    mutating func optionalString() throws -> String? { try next() }
    mutating func int64() throws -> Int64 { try next() }
    mutating func optionalInt64() throws -> Int64? { try next() }
    mutating func bool() throws -> Bool { try next() }
    mutating func data() throws -> Data { try next() }
    mutating func optionalData() throws -> Data? { try next() }

    private mutating func next<Value: PostgresDecodable>() throws -> Value {
        defer { index += 1 }
        return try row[index].decode(Value.self)
    }
}
