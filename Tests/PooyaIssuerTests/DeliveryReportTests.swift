import Dispatch
import Foundation
import GRDB
import PooyaIssuer
import PooyaSQLite
import PooyaTesting
import Synchronization
import Testing

/// Delivery reports come to a route without a key: one for an id that is not ours must stay cheap.
struct DeliveryReportTests {
    @Test func aReportForAnUnknownIdNeedsNoWriteLock() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("pooya.sqlite").path
        let harness = try IssuerHarness(store: SQLiteStore(path: path))
        try await harness.registerCard()
        // Another connection holds SQLite's write lock for the whole check, on a thread of its own: a report that
        // wanted the lock would wait out the store's busy timeout and then fail with SQLITE_BUSY.
        let lock = WriteLockHolder(path: path)
        while !lock.isHeld { try await Task.sleep(for: .milliseconds(10)) }
        defer { lock.release() }
        for id in ["sms_" + String(repeating: "0", count: 32), "sms_nope", "x", String(repeating: "a", count: 5_000)] {
            #expect(try await harness.issuer.recordDelivery(messageID: id, status: .delivered) == false)
        }
    }
}

/// Holds SQLite's write lock on a database from another connection until released.
private final class WriteLockHolder: Sendable {
    private let held = Mutex(false)
    private let releaseSignal = DispatchSemaphore(value: 0)

    init(path: String) {
        Thread.detachNewThread { [self] in
            try? DatabaseQueue(path: path).writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                held.withLock { $0 = true }
                releaseSignal.wait()
                try db.execute(sql: "ROLLBACK")
            }
        }
    }

    var isHeld: Bool { held.withLock { $0 } }

    func release() { releaseSignal.signal() }
}
