import Foundation
import GRDB
@testable import PooyaSQLite
import Testing

/// Values bound by hand read back as GRDB reads what it binds itself, and a statement stays usable after any run.
struct SQLiteBindableTests {
    private func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, value, UNIQUE (value))")
        }
        return queue
    }

    @Test func everyKindOfValueReadsBackAsItWasBound() throws {
        let values: [(any SQLiteBindable, DatabaseValue)] = [
            ("", "".databaseValue), ("کارت ۱۲ — card", "کارت ۱۲ — card".databaseValue),
            (Int64.min, Int64.min.databaseValue),
            (Int64.max, Int64.max.databaseValue), (-7, (-7).databaseValue), (UInt32.max, UInt32.max.databaseValue),
            (true, true.databaseValue), (false, false.databaseValue), (Data(), Data().databaseValue),
            (Data([0, 1, 255]), Data([0, 1, 255]).databaseValue), (String?.none, .null),
            (Optional("x"), "x".databaseValue), (Data?.none, .null),
        ]
        try database().write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t (id, value) VALUES (?, ?)")
            for (id, (bound, _)) in values.enumerated() {
                try SQLiteRows.run(insert, [id, bound])
            }
            let read = try Row.fetchAll(db, sql: "SELECT value FROM t ORDER BY id").map { $0[0] as DatabaseValue }
            #expect(read == values.map(\.1))
            #expect(try String.fetchOne(db, sql: "SELECT typeof(value) FROM t WHERE id = 8") == "blob", "empty data")
            try SQLiteRows.run(insert, [100, "a\u{0}b"])
            let stored = try Int.fetchOne(db, sql: "SELECT length(CAST(value AS BLOB)) FROM t WHERE id = 100")
            #expect(stored == 3, "a text is bound whole, not up to its first NUL")
        }
    }

    @Test func aStatementRunsAgainAfterARunThatFailed() throws {
        try database().write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t (id, value) VALUES (?, ?)")
            try SQLiteRows.run(insert, [1, "same"])
            #expect(throws: DatabaseError.self) { try SQLiteRows.run(insert, [2, "same"]) }
            try SQLiteRows.run(insert, [3, "other"])
            let values = try SQLiteRows.rows(db.cachedStatement(sql: "SELECT value FROM t WHERE id > ?"), [0]) {
                try $0.string()
            }
            #expect(values == ["same", "other"])
        }
    }

    @Test func moreOrFewerValuesThanParametersIsAnErrorNotACrash() throws {
        try database().write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t (id, value) VALUES (?, ?)")
            for wrong: [any SQLiteBindable] in [[1], [1, "x", "y"]] {
                #expect {
                    try SQLiteRows.run(insert, wrong)
                } throws: { error in
                    (error as? DatabaseError)?.resultCode == .SQLITE_MISUSE
                }
            }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == 0)
        }
    }

    @Test func aCursorLeftBeforeItsEndLeavesItsStatementReadyForTheNextRun() throws {
        try database().write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t (id, value) VALUES (?, ?)")
            for id in 1...3 { try SQLiteRows.run(insert, [id, "v\(id)"]) }
            let select = try db.cachedStatement(sql: "SELECT value FROM t WHERE id >= ? ORDER BY id")
            struct Stop: Error {}
            #expect(throws: Stop.self) {
                _ = try SQLiteRows.rows(select, [1]) { _ in throw Stop() }
            }
            #expect(try SQLiteRows.rows(select, [2]) { try $0.string() } == ["v2", "v3"])
        }
    }
}
