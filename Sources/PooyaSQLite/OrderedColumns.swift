import Foundation
import GRDB
import PooyaIssuer

/// A row's values read one after another, in the order its `SELECT` named its columns (``StoredColumns``): by
/// position, because GRDB finds a column by name by comparing it, case-insensitively, with each column's name, for
/// every value read — on the verification path that was most of loading a card.
struct OrderedColumns: StoredColumns {
    private let row: Row
    private var index = 0

    /// Reads `row` from its first column.
    init(_ row: Row) {
        self.row = row
    }

    mutating func string() throws -> String { try required() }
    mutating func optionalString() throws -> String? { next() }
    mutating func int64() throws -> Int64 { try required() }
    mutating func optionalInt64() throws -> Int64? { next() }
    mutating func bool() throws -> Bool { try required() }
    mutating func data() throws -> Data { try required() }
    mutating func optionalData() throws -> Data? { next() }

    private mutating func next<Value: DatabaseValueConvertible>() -> Value? {
        defer { index += 1 }
        return row[index]
    }

    private mutating func required<Value: DatabaseValueConvertible>() throws -> Value {
        guard let value: Value = next() else { throw StoredValueCorruption("NULL in column \(index - 1)") }
        return value
    }
}
