import Foundation
import PooyaIssuer
import PooyaSQLite
import PooyaTesting
import Testing

/// The online backup's promises beyond what the end-to-end test under load shows.
struct SQLiteBackupTests {
    @Test func theCopyHoldsWhatWasCommittedAndIsOneFile() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteStore(path: folder.url.appendingPathComponent("pooya.sqlite").path)
        let states = try (1...3).map { try IssuerStoreContract.sampleState($0) }
        try await store.insert(states)
        let copy = folder.url.appendingPathComponent("copy.sqlite").path
        try await store.backup(to: copy)
        let restored = try SQLiteStore.openCopy(at: copy)
        #expect(try await restored.cardCount() == 3)
        #expect(try await restored.readCard(states[1].card.fingerprint)?.card.id == states[1].card.id)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter {
            $0.hasPrefix("copy") || $0.hasPrefix(".copy")
        }
        #expect(leftovers == ["copy.sqlite"])
    }

    @Test func aBackupNeverOverwritesAndAFailedOneLeavesNothing() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteStore(path: folder.url.appendingPathComponent("pooya.sqlite").path)
        let existing = folder.url.appendingPathComponent("existing.sqlite").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: existing))
        await #expect(throws: SQLiteBackupError.exists(existing)) { try await store.backup(to: existing) }
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")
        let nowhere = folder.url.appendingPathComponent("missing/folder/copy.sqlite").path
        await #expect(throws: SQLiteBackupError.cannotWrite(nowhere)) { try await store.backup(to: nowhere) }
        #expect(throws: SQLiteBackupError.noDatabase(nowhere)) { try SQLiteStore.openCopy(at: nowhere) }
    }
}
