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

        let (server, port) = try await startServeOnAPort(pooya, data: folder.path)
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
        let management = try #require(URL(string: try await managementURL(of: server)))
        let (_, ready) = try await URLSession.shared.data(from: management.appendingPathComponent("readyz"))
        #expect((ready as? HTTPURLResponse)?.statusCode == 200)
        let (_, hidden) = try await URLSession.shared.data(from: base.appendingPathComponent("metrics"))
        #expect((hidden as? HTTPURLResponse)?.statusCode != 200, "metrics are not on the public port")

        let audit = try await run(pooya, ["admin", "audit", "verify", "--data", folder.path])
        #expect(audit.standardOutput.hasPrefix("intact: 2 entries"))

        kill(server.processIdentifier, SIGTERM)
        let ending = await server.exit(within: .seconds(30))
        #expect(ending?.exitedNormally == true && ending?.code == 0, "a graceful stop on SIGTERM")
        await server.stop()
        let logged = server.standardError.split(separator: "\n").first { $0.contains("hb.request.route=/v1/cards") }
        #expect(logged?.contains(" info pooya: ") == true, "\(server.standardError)")
        #expect(logged?.hasSuffix(" [PooyaServer] Request") == true, "\(server.standardError)")
    }

    @Test func aSIGTERMWithAHalfSentBodyOpenStillEndsAndExitsZero() async throws {
        let pooya = try #require(Programs.pooya)
        let folder = try TemporaryFolder()
        let (server, port) = try await startServeOnAPort(
            pooya,
            data: folder.url.path,
            environment: ["POOYA_HTTP_BODY_TIMEOUT_SECONDS": "2"]
        )
        let slow = try await RawConnection(port: port)
        try await slow.send(
            Array("POST /v1/cards HTTP/1.1\r\nHost: pooya\r\nContent-Length: 100\r\n\r\n{\"pan\": ".utf8)
        )
        try await Task.sleep(for: .milliseconds(200))
        kill(server.processIdentifier, SIGTERM)
        let ending = await server.exit(within: .seconds(30))
        #expect(ending?.exitedNormally == true && ending?.code == 0, "\(server.standardError)")
        #expect(await slow.answer(within: .seconds(5)) == "", "the half-sent request was closed, not answered")
        await server.stop()
    }

    @Test func aRequestOnAnIdleConnectionJustAfterSIGTERMIsStillAnswered() async throws {
        let pooya = try #require(Programs.pooya)
        let folder = try TemporaryFolder()
        let (server, port) = try await startServeOnAPort(pooya, data: folder.url.path)
        let client = try await RawConnection(port: port)
        let time = Array("GET /v1/time HTTP/1.1\r\nHost: pooya\r\n\r\n".utf8)
        try await client.send(time)
        try await Task.sleep(for: .milliseconds(300))  // answered; the connection is now idle, kept alive
        kill(server.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(100))
        try await client.send(time)  // on its way while the service stops: it must be answered, not cut off
        let answers = await client.answer(within: .seconds(10))
        #expect(answers.components(separatedBy: "HTTP/1.1 200 ").count == 3, "\(answers)")
        let ending = await server.exit(within: .seconds(30))
        #expect(ending?.exitedNormally == true && ending?.code == 0, "\(server.standardError)")
        await server.stop()
    }

    @Test func everyRequestSentBeforeSIGTERMIsAnswered() async throws {
        let pooya = try #require(Programs.pooya)
        let folder = try TemporaryFolder()
        let (server, port) = try await startServeOnAPort(pooya, data: folder.url.path)
        var connections: [RawConnection] = []
        for _ in 0..<40 { connections.append(try await RawConnection(port: port)) }
        let time = Array("GET /v1/time HTTP/1.1\r\nHost: pooya\r\n\r\n".utf8)
        for connection in connections { try await connection.send(time) }
        kill(server.processIdentifier, SIGTERM)
        for connection in connections {
            let answer = await connection.answer(within: .seconds(10))
            #expect(answer.hasPrefix("HTTP/1.1 200 "), "a request sent before SIGTERM: \(answer)")
        }
        let ending = await server.exit(within: .seconds(30))
        #expect(ending?.exitedNormally == true && ending?.code == 0, "\(server.standardError)")
        await server.stop()
    }
}
