import Foundation
import GRDB
import GRDBSQLite
import PooyaIssuer

/// A row's values read one after another, in the order its `SELECT` named its columns (``StoredColumns``), straight
/// from the SQLite statement as GRDB reads them (`StatementColumnConvertible`, with SQLite's own conversions). Not
/// through GRDB's `Row`: for every query it lowercases and hashes each column's name, so that a column can be found by
/// name, and for every value it makes a decoding context — on the verification path, five queries each time.
struct OrderedColumns: StoredColumns {
    private let statement: SQLiteStatement
    private var index: CInt = 0

    /// Reads the row `statement` stands on, from its first column.
    init(_ statement: SQLiteStatement) {
        self.statement = statement
    }

    mutating func string() throws -> String { try required() }
    mutating func optionalString() throws -> String? { next() }
    mutating func int64() throws -> Int64 { try required() }
    mutating func optionalInt64() throws -> Int64? { next() }
    mutating func bool() throws -> Bool { try required() }
    mutating func data() throws -> Data { try required() }
    mutating func optionalData() throws -> Data? { next() }

    private mutating func next<Value: StatementColumnConvertible>() -> Value? {
        defer { index += 1 }
        return Value.fromStatement(statement, atUncheckedIndex: index)
    }

    private mutating func required<Value: StatementColumnConvertible>() throws -> Value {
        guard let value: Value = next() else { throw StoredValueCorruption("NULL in column \(index - 1)") }
        return value
    }
}

/// The rows of a statement, each read by position (``OrderedColumns``) into a value.
final class OrderedRows<Value>: DatabaseCursor {
    typealias Element = Value

    let _statement: Statement
    var _isDone = false
    private let reading: (inout OrderedColumns) throws -> Value

    /// The rows of `statement` with `parameters` (``SQLiteBindable``), each read by `reading`.
    init(
        _ statement: Statement,
        _ parameters: [any SQLiteBindable],
        _ reading: @escaping (inout OrderedColumns) throws -> Value
    )
        throws
    {
        _statement = statement
        self.reading = reading
        try statement.bind(parameters)
    }

    /// Leaves the statement reset when its rows were not all read (a reader threw), as GRDB's own cursors do.
    deinit {
        if !_isDone { sqlite3_reset(_statement.sqliteStatement) }
    }

    func _element(sqliteStatement: SQLiteStatement) throws -> Value {
        var columns = OrderedColumns(sqliteStatement)
        return try reading(&columns)
    }
}
