import Logging
import PooyaIssuer
import PooyaPostgres
import PooyaTesting
import Testing

/// The store contract against a real PostgreSQL (the cluster `scripts/test` starts), each check in a database of its
/// own.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "no PostgreSQL for the tests: run scripts/test"))
struct StoreContractTests {
    @Test("PostgreSQL", arguments: IssuerStoreContract.checks.keys.sorted())
    func postgres(check: String) async throws {
        let contract = IssuerStoreContract {
            try await PostgresStore(
                settings: try PostgresSettings(url: try await PostgresTestServer.makeDatabase()),
                logger: Logger(label: "pooya.test.postgres")
            )
        }
        try await IssuerStoreContract.checks[check]!(contract)
    }
}

/// The staff store's contract against a real PostgreSQL.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "no PostgreSQL for the tests: run scripts/test"))
struct StaffStoreContractTests {
    @Test("PostgreSQL", arguments: StaffStoreContract.checks.keys.sorted())
    func postgres(check: String) async throws {
        let contract = StaffStoreContract {
            try await PostgresStore(
                settings: try PostgresSettings(url: try await PostgresTestServer.makeDatabase()),
                logger: Logger(label: "pooya.test.postgres")
            )
        }
        try await StaffStoreContract.checks[check]!(contract)
    }
}
