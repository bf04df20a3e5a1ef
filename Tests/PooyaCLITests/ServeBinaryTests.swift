import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import PooyaTesting
import Testing

/// `pooya serve` as an operator runs it: a fresh data folder, a key made with `pooya admin`, requests over HTTP,
/// and a graceful stop on SIGTERM.
@Suite(.timeLimit(.minutes(2)))
struct ServeBinaryTests {
    @Test func serveStartsInAnEmptyFolderAnswersAndStopsOnSIGTERM() async throws {
        let pooya = try #require(Programs.pooya)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pooya-tests-serve-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: folder) }

        let (server, url) = try await startServe(pooya, data: folder.path)
        let port = try #require(url.firstMatch(of: /:([0-9]+)$/).map { Int($0.output.1) } ?? nil)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("pooya.sqlite").path))
        let keyPermissions =
            try FileManager.default.attributesOfItem(
                atPath: folder.appendingPathComponent("master.key").path
            )[.posixPermissions] as? Int
        #expect(keyPermissions == 0o600)

        let created = try await run(
            pooya,
            [
                "admin", "keys", "create", "--data", folder.path, "--name", "bank",
                "--scope", "cards",
            ]
        )
        let key = created.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("pooya_") && created.standardError.contains("shown only now"))

        let base = URL(string: "http://127.0.0.1:\(port)")!
        var register = URLRequest(url: base.appendingPathComponent("v1/cards"))
        register.httpMethod = "POST"
        register.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        register.setValue("application/json", forHTTPHeaderField: "Content-Type")
        register.httpBody = Data(#"{"pan":"6104337800000018","mobile":"09121234567"}"#.utf8)
        let (body, response) = try await URLSession.shared.data(for: register)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("610433******0018"))
        let (_, ready) = try await URLSession.shared.data(from: base.appendingPathComponent("readyz"))
        #expect((ready as? HTTPURLResponse)?.statusCode == 200)

        let audit = try await run(pooya, ["admin", "audit", "verify", "--data", folder.path])
        #expect(audit.standardOutput.hasPrefix("intact: 2 entries"))

        kill(server.processIdentifier, SIGTERM)
        let ending = await server.exit(within: .seconds(30))
        #expect(ending?.exitedNormally == true && ending?.code == 0, "a graceful stop on SIGTERM")
        await server.stop()
    }
}
