import Foundation
import GRDB
import GRDBSQLite

/// A value a statement's parameter takes, bound with SQLite's own calls (`sqlite3_bind_*`) rather than through GRDB's
/// `StatementArguments`, which boxes each value as a `DatabaseValue`, checks the arguments against the statement and
/// binds them through nested closures on every run: on the single writer, for every verification's nine statements
/// (BENCHMARKS.md). Values are bound as GRDB binds them: text as UTF-8, integers (a key's `UInt32` id too) as 64-bit,
/// `Bool` as 0 or 1, `Data` as a blob (an empty one too), `nil` as NULL.
protocol SQLiteBindable {
    /// Binds this value to the parameter at `index` (from 1); SQLite's result code.
    func bind(to statement: SQLiteStatement, at index: CInt) -> CInt
}

/// SQLite copies a bound text or blob at once, so the Swift value need not outlive the call.
private let copiedBySQLite = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

extension String: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: CInt) -> CInt {
        var text = self
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                guard let base = characters.baseAddress else {
                    return sqlite3_bind_text(statement, index, "", 0, copiedBySQLite)
                }
                return sqlite3_bind_text(statement, index, base, CInt(characters.count), copiedBySQLite)
            }
        }
    }
}

extension Int64: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: CInt) -> CInt {
        sqlite3_bind_int64(statement, index, self)
    }
}

extension Int: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: CInt) -> CInt {
        sqlite3_bind_int64(statement, index, Int64(self))
    }
}

extension UInt32: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: CInt) -> CInt {
        sqlite3_bind_int64(statement, index, Int64(self))
    }
}

extension Bool: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: CInt) -> CInt {
        sqlite3_bind_int64(statement, index, self ? 1 : 0)
    }
}

extension Data: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: CInt) -> CInt {
        withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_zeroblob(statement, index, 0)
            }
            return sqlite3_bind_blob(statement, index, base, CInt(bytes.count), copiedBySQLite)
        }
    }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: CInt) -> CInt {
        map { $0.bind(to: statement, at: index) } ?? sqlite3_bind_null(statement, index)
    }
}

extension Statement {
    /// Makes the statement ready to run with `parameters`, one for each of its `?`, in order: it is reset (how its
    /// last run ended was told to that run's caller) and its previous values cleared first.
    ///
    /// - Throws: `SQLITE_MISUSE` when there are more or fewer values than parameters; SQLite's error when a value
    ///   cannot be bound (it is too big).
    func bind(_ parameters: [any SQLiteBindable]) throws {
        sqlite3_reset(sqliteStatement)
        sqlite3_clear_bindings(sqliteStatement)
        guard parameters.count == Int(sqlite3_bind_parameter_count(sqliteStatement)) else {
            throw DatabaseError(
                resultCode: .SQLITE_MISUSE,
                message: "\(parameters.count) values for \(sqlite3_bind_parameter_count(sqliteStatement)) parameters",
                sql: sql
            )
        }
        for (index, parameter) in zip(CInt(1)..., parameters) {
            let code = parameter.bind(to: sqliteStatement, at: index)
            guard code == SQLITE_OK else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "parameter \(index)", sql: sql)
            }
        }
    }
}
