import Foundation

/// The PostgreSQL server the tests use: `scripts/test` starts an unprivileged cluster of Debian's `postgresql` in a
/// temporary folder on a loopback port (`scripts/lib/postgres-cluster`), and names it in `TEST_POSTGRES_URL` (a
/// role that may create databases) before the tests start. Each test makes a database of its own; a test that stops
/// and starts the server starts a cluster of its own (``PostgresCluster``), so the others never notice.
public enum PostgresTestServer {
    /// The URL of the server's maintenance database, when `scripts/test` started one for this run.
    public static let url: String? = ProcessInfo.processInfo.environment["TEST_POSTGRES_URL"]

    /// Whether tests against PostgreSQL run: a server was started, or this is CI (where they must, and fail without
    /// one).
    public static let isAvailable = url != nil || ProcessInfo.processInfo.environment["CI"] != nil

    /// Makes a new, empty database on the server at `server` (by default the run's) and answers its URL (the
    /// server's URL with the database's name in place of the maintenance database's).
    ///
    /// - Throws: when no server was started, or `psql` fails.
    public static func makeDatabase(on server: String? = nil) async throws -> String {
        guard let url = server ?? url, var components = URLComponents(string: url) else {
            throw CocoaError(
                .featureUnsupported,
                userInfo: [NSDebugDescriptionErrorKey: "no PostgreSQL for the tests: run scripts/test"]
            )
        }
        let name = "pooya_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await psql(url, "CREATE DATABASE \(name)")
        components.path = "/" + name
        return components.string!
    }

    /// Runs one SQL command with `psql` against the database at `url`, and answers what it printed (unaligned, tuples
    /// only).
    ///
    /// - Throws: when `psql` fails, with what it printed.
    @discardableResult
    public static func psql(_ url: String, _ command: String) async throws -> String {
        let result = try await runProgram(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", command],
            timeLimit: .seconds(60)
        )
        guard result.exitedNormally, result.status == 0 else {
            throw CocoaError(
                .executableLoad,
                userInfo: [NSDebugDescriptionErrorKey: "psql failed: \(result.standardError)"]
            )
        }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

}
