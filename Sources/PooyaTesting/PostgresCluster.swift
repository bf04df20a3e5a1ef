import Foundation

/// A PostgreSQL cluster of one test's own, made by `scripts/lib/postgres-cluster` in a temporary folder on a free
/// loopback port, for tests that stop the server, start it again or kill it. ``remove()`` stops it and deletes it.
public struct PostgresCluster: Sendable {
    /// The URL of the role `pooya` on the maintenance database.
    public let url: String
    private let folder: URL

    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/lib/postgres-cluster")

    /// Makes and starts the cluster (a few seconds: `initdb` runs).
    ///
    /// - Throws: when the script fails (no PostgreSQL server installed, say), with what it printed.
    public static func start() async throws -> PostgresCluster {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pooya-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = try await runProgram(script, [folder.path], timeLimit: .seconds(120))
        guard result.exitedNormally, result.status == 0 else {
            try? FileManager.default.removeItem(at: folder)
            throw CocoaError(
                .executableLoad,
                userInfo: [NSDebugDescriptionErrorKey: "postgres-cluster failed: \(result.standardError)"]
            )
        }
        let url = try String(contentsOf: folder.appendingPathComponent("url"), encoding: .utf8)
        return PostgresCluster(url: url.trimmingCharacters(in: .whitespacesAndNewlines), folder: folder)
    }

    /// Runs the cluster's control script: `stop` (fast: connections are cut, as in a restart), `start`, or `kill`
    /// (the server gets SIGKILL, as in a crash); each waits until done.
    public func control(_ action: String) async throws {
        let result = try await runProgram(folder.appendingPathComponent("ctl"), [action], timeLimit: .seconds(90))
        guard result.exitedNormally, result.status == 0 else {
            throw CocoaError(
                .executableLoad,
                userInfo: [NSDebugDescriptionErrorKey: "ctl \(action) failed: \(result.standardError)"]
            )
        }
    }

    /// Stops the server and deletes its folder.
    public func remove() async {
        try? await control("stop")
        try? FileManager.default.removeItem(at: folder)
    }
}
