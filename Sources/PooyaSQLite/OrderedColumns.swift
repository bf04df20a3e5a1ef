import GRDB

/// A row's values read one after another, in the order its `SELECT` named its columns: by position, because GRDB
/// finds a column by name by comparing it, case-insensitively, with each column's name, for every value read — on the
/// verification path that was most of loading a card.
struct OrderedColumns {
    private let row: Row
    private var index = 0

    /// Reads `row` from its first column.
    init(_ row: Row) {
        self.row = row
    }

    /// The next column's value (a `NULL` is a damaged row, and traps as GRDB's own subscript does).
    mutating func next<Value: DatabaseValueConvertible>() -> Value {
        defer { index += 1 }
        return row[index]
    }

    /// The next column's value, `nil` for `NULL`.
    mutating func nextOrNil<Value: DatabaseValueConvertible>() -> Value? {
        defer { index += 1 }
        return row[index]
    }
}
