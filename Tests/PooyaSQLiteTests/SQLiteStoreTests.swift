import Foundation
import GRDB
import PooyaIssuer
@testable import PooyaSQLite
import PooyaTesting
import Testing

/// What only the SQLite store promises, beyond the contract every store keeps.
struct SQLiteStoreTests {
    @Test func theFileIsInWALModeWithDurableCommits() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteStore(path: folder.url.appendingPathComponent("pooya.sqlite").path)
        let state = try IssuerStoreContract.sampleState(1)
        try await store.withCard(state.card.fingerprint, transactionID: nil) { $0 = state }
        let (journal, synchronous) = try await store.pragmas()
        #expect(journal == "wal")
        #expect(synchronous == 2, "synchronous = FULL")
    }

    @Test func theLogIsCopiedIntoTheFileInTheBackgroundLongBeforeTheWriterWould() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("pooya.sqlite").path
        let store = try SQLiteStore(path: path)
        let writerBound = try await store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        #expect(writerBound == SQLiteStore.writerCheckpointPages)
        func fileSize() throws -> Int { try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0 }
        let before = try fileSize()
        try await store.insert(try (1...500).map { try IssuerStoreContract.sampleState($0) })
        let logged = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        #expect(logged / 4096 < SQLiteStore.writerCheckpointPages, "the writer's own checkpoint is not due")
        var copied = false
        for _ in 0..<200 where !copied {
            try await Task.sleep(for: .milliseconds(50))
            copied = try fileSize() > before + 100_000
        }
        #expect(copied, "the pages of 500 cards reached the database file within 10 s")
    }

    @Test func aBulkInsertIsAllOrNothing() async throws {
        let store = try SQLiteStore.inMemory()
        let existing = try IssuerStoreContract.sampleState(1)
        try await store.insert([existing])
        let fresh = try IssuerStoreContract.sampleState(2)
        var clash = try IssuerStoreContract.sampleState(3)
        clash.card.fingerprint = existing.card.fingerprint
        await #expect(throws: DatabaseError.self) { try await store.insert([fresh, clash]) }
        #expect(try await store.cardFingerprint(cardID: fresh.card.id) == nil)
        try await store.insert([fresh])
        #expect(try await store.cardFingerprint(cardID: fresh.card.id) == fresh.card.fingerprint)
    }

    @Test func anOlderDatabaseKeepsItsFailureCountsAsOneLockPerCardAndKind() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("v3.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v3-sms-outbox-issued-codes")
        try await queue.write { db in
            for (card, codeFailures, codesLockedAt) in [("crd_a", 1, nil), ("crd_b", 2, 7 as Int64?)] {
                try db.execute(
                    sql: """
                        INSERT INTO cards VALUES (?, ?, '610433******0018', 'Bank Mellat', 'بانک ملت', '+989121234567',
                            0, 1, 1, 1, 1, 1, ?, ?)
                        """,
                    arguments: [card, "fp-\(card)", codeFailures, codesLockedAt]
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO tokens VALUES ('tok_a2', 'crd_a', 'second', 1, x'00', 'SHA1', 7, 60, 1, NULL, '', 2, 5, NULL);
                    INSERT INTO tokens VALUES ('tok_a1', 'crd_a', 'first', 1, x'00', 'SHA1', 4, 60, 1, NULL, '', 1, NULL, NULL);
                    INSERT INTO tokens VALUES ('tok_old', 'crd_b', 'second', 1, x'00', 'SHA1', 7, 60, 1, NULL, '', 3, 3, 4);
                    """
            )
        }
        let store = try SQLiteStore(path: path)
        let a = try #require(try await store.readCard(CardFingerprint(hex: "fp-crd_a")))
        #expect(a.card.locks.second == PINLock(failures: 2, lockedAt: 5), "the token's count, larger than the card's")
        #expect(a.card.locks.first == PINLock(failures: 1, lockedAt: nil))
        let b = try #require(try await store.readCard(CardFingerprint(hex: "fp-crd_b")))
        #expect(b.card.locks.second == PINLock(failures: 2, lockedAt: 7), "a revoked token's count is not carried")
        #expect(b.card.suspendedAt == nil && b.card.smsActivatedAt == nil)
    }
}
