import Foundation
import PooyaIssuer
import PooyaSQLite
import PooyaTesting
import Testing

/// The store contract, run against every store this package has: SQLite on disk and in memory, and the in-memory
/// store of `PooyaTesting`.
struct StoreContractTests {
    @Test("SQLite on disk", arguments: IssuerStoreContract.checks.keys.sorted())
    func sqliteOnDisk(check: String) async throws {
        let folder = try TemporaryFolder()
        let contract = IssuerStoreContract {
            try SQLiteStore(path: folder.url.appendingPathComponent("\(UUID().uuidString).sqlite").path)
        }
        try await IssuerStoreContract.checks[check]!(contract)
    }

    @Test("SQLite in memory", arguments: IssuerStoreContract.checks.keys.sorted())
    func sqliteInMemory(check: String) async throws {
        try await IssuerStoreContract.checks[check]!(IssuerStoreContract { try SQLiteStore.inMemory() })
    }

    @Test("in-memory store", arguments: IssuerStoreContract.checks.keys.sorted())
    func inMemoryStore(check: String) async throws {
        try await IssuerStoreContract.checks[check]!(IssuerStoreContract { InMemoryIssuerStore() })
    }
}

/// The staff store's contract on SQLite, on disk and in memory.
struct StaffStoreContractTests {
    @Test("SQLite on disk", arguments: StaffStoreContract.checks.keys.sorted())
    func sqliteOnDisk(check: String) async throws {
        let folder = try TemporaryFolder()
        let contract = StaffStoreContract {
            try SQLiteStore(path: folder.url.appendingPathComponent("\(UUID().uuidString).sqlite").path)
        }
        try await StaffStoreContract.checks[check]!(contract)
    }

    @Test("SQLite in memory", arguments: StaffStoreContract.checks.keys.sorted())
    func sqliteInMemory(check: String) async throws {
        try await StaffStoreContract.checks[check]!(StaffStoreContract { try SQLiteStore.inMemory() })
    }
}
