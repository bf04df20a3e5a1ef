import PooyaIssuer
import PostgresNIO

/// A statement every verification runs, prepared once on each connection and executed by name after that, so that
/// PostgreSQL parses and plans it once per connection rather than once per request.
protocol PreparedSQL {
    /// The statement, with `$1`, `$2`… for its values; its parameters' types are the ones PostgreSQL infers.
    static var sql: String { get }
}

/// postgres-nio's prepared statement for one ``PreparedSQL``, with its values; rows come back undecoded, for
/// ``StoredRows``' readers.
struct Prepared<Statement: PreparedSQL>: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static var name: String { "pooya_" + String(describing: Statement.self) }
    static var sql: String { Statement.sql }

    let bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

extension PostgresSession {
    /// Every row `statement` answers with the values `bind` appends (in the types PostgreSQL infers for them).
    func rows<Statement: PreparedSQL>(
        _ statement: Statement.Type,
        _ bind: (inout PostgresBindings) throws -> Void = { _ in }
    ) async throws -> [PostgresRow] {
        var bindings = PostgresBindings()
        try bind(&bindings)
        var rows: [PostgresRow] = []
        for try await row in try await connection.execute(Prepared<Statement>(bindings: bindings), logger: logger) {
            rows.append(row)
        }
        return rows
    }
}

/// The statements of a verification's path, by what they do.
enum HotStatements {
    enum Begin: PreparedSQL { static let sql = "BEGIN" }
    enum Commit: PreparedSQL { static let sql = "COMMIT" }
    /// `$1` the lock space, `$2` the key (both `int4`).
    enum TransactionLock: PreparedSQL { static let sql = "SELECT pg_advisory_xact_lock($1, $2)" }
    enum CardByFingerprint: PreparedSQL {
        static let sql = "SELECT \(StoredRows.cardColumns) FROM cards WHERE fingerprint = $1"
    }
    enum ActiveTokens: PreparedSQL {
        static let sql = "SELECT \(StoredRows.tokenColumns) FROM tokens WHERE card_id = $1 AND revoked_at IS NULL"
    }
    enum OpenTickets: PreparedSQL {
        static let sql = """
            SELECT \(StoredRows.ticketColumns) FROM activation_tickets WHERE card_id = $1 AND closed_at IS NULL
            """
    }
    enum RecentCodes: PreparedSQL {
        static let sql = """
            SELECT \(StoredRows.issuedCodeColumns) FROM issued_codes WHERE card_id = $1
            ORDER BY issued_at DESC, id LIMIT 32
            """
    }
    enum DecisionByTransaction: PreparedSQL {
        static let sql = "SELECT \(StoredRows.decisionColumns) FROM decisions WHERE transaction_id = $1"
    }
    /// `$1` the chain (`int4`).
    enum ChainHead: PreparedSQL {
        static let sql = "SELECT sequence, hash FROM audit WHERE chain = $1 ORDER BY sequence DESC LIMIT 1"
    }
    enum InsertAuditEntry: PreparedSQL {
        static let sql = """
            INSERT INTO audit (chain, sequence, action, card_fingerprint, token_id, kind, channel, reason, receipt, time,
                hash, actor)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """
    }
    /// `$1` scope, `$2` key, `$3` capacity, `$4` window (`float8`).
    enum Take: PreparedSQL { static let sql = "SELECT pooya_take($1, $2, $3, $4)" }
}
