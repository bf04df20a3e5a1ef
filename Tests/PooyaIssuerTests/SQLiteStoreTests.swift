import Foundation
import GRDB
import PooyaIssuer
import PooyaSQLite
import PooyaTesting
import Testing

struct SQLiteStoreTests {
    @Test func theFileIsInWALModeWithDurableCommits() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("pooya.sqlite").path
        let harness = try IssuerHarness(store: SQLiteStore(path: path))
        try await harness.registerCard()
        let (journal, synchronous) = try await harness.store.pragmas()
        #expect(journal == "wal")
        #expect(synchronous == 2, "synchronous = FULL")
    }

    @Test func aBulkInsertIsAllOrNothing() async throws {
        let store = try SQLiteStore.inMemory()
        let harness = try IssuerHarness(store: store)
        let existing = try await harness.registerCard()
        var fresh = try #require(try await store.withCard(existing.fingerprint, transactionID: nil) { $0 })
        fresh.card.id = "crd_other"
        fresh.card.fingerprint = CardFingerprint(hex: String(repeating: "a", count: 64))
        var clash = fresh
        clash.card.id = "crd_clash"
        clash.card.fingerprint = existing.fingerprint
        await #expect(throws: DatabaseError.self) { try await store.insert([fresh, clash]) }
        #expect(try await store.cardFingerprint(cardID: "crd_other") == nil)
        try await store.insert([fresh])
        #expect(try await store.cardFingerprint(cardID: "crd_other") == fresh.card.fingerprint)
    }
}
