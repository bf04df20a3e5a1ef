import Foundation
import PooyaTesting
import Testing

/// What an operator checks on the first day, with the built binary: its version, where its data goes, and that a
/// mistake in the configuration or a busy port is said plainly at start.
@Suite(.timeLimit(.minutes(2)))
struct DayOneBinaryTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theVersionIsTheChangelogsNewest() async throws {
        let pooya = try #require(Programs.pooya)
        let changelog = try String(contentsOf: Self.repository.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let newest = try #require(changelog.firstMatch(of: /\n## \[([0-9.]+)\]/)).output.1
        let result = try await run(pooya, ["--version"])
        #expect(result.status == 0 && result.standardOutput == "\(newest)\n", "\(result.standardOutput)")
        for file in ["LICENSE", "SECURITY.md"] {
            #expect(FileManager.default.fileExists(atPath: Self.repository.appendingPathComponent(file).path))
        }
    }

    @Test func theSystemdUnitVerifiesWithoutAFindingAndItsSandboxRatesOK() async throws {
        let pooya = try #require(Programs.pooya)
        guard let analyze = Programs.systemdAnalyze else {
            #expect(!Programs.isCI, "CI must have systemd-analyze: scripts/test installs systemd")
            return
        }
        // The unit as shipped, with the built binary where an install puts /usr/local/bin/pooya.
        let shipped = try String(
            contentsOf: Self.repository.appendingPathComponent("packaging/pooya.service"),
            encoding: .utf8
        )
        let folder = try TemporaryFolder()
        let unit = folder.url.appendingPathComponent("pooya.service")
        try shipped.replacingOccurrences(of: "/usr/local/bin/pooya", with: pooya.path)
            .write(to: unit, atomically: true, encoding: .utf8)
        let verified = try await run(analyze, ["verify", unit.path])
        #expect(
            verified.status == 0 && verified.standardOutput.isEmpty && verified.standardError.isEmpty,
            "\(verified)"
        )
        let security = try await run(analyze, ["security", "--offline=yes", "--threshold=20", unit.path])
        let exposure = security.standardOutput.firstMatch(of: #/Overall exposure level for pooya\.service: ([0-9.]+) /#)
        #expect(security.status == 0 && (exposure.flatMap { Double($0.1) } ?? 10) <= 2.0, "\(security.standardOutput)")

        // Its ExecStart line, run as written over a fresh data folder, starts the service, and SIGTERM (its
        // KillSignal) stops it with exit status 0.
        let execStart = try #require(shipped.firstMatch(of: /\nExecStart=(.+)\n/)).output.1
        let words = execStart.split(separator: " ").map {
            $0 == "/usr/local/bin/pooya" ? pooya.path : $0 == "/var/lib/pooya" ? folder.url.path + "/data" : String($0)
        }
        let server = try RunningProgram(
            URL(fileURLWithPath: words[0]),
            Array(words.dropFirst()),
            environment: ["POOYA_HTTP_PORT": "0", "POOYA_MANAGEMENT_PORT": "0"]
        )
        #expect(await server.line(matching: /listening on http:\/\/127\.0\.0\.1:[0-9]+/, within: .seconds(60)) != nil)
        kill(server.processIdentifier, SIGTERM)
        let ending = await server.exit(within: .seconds(30))
        #expect(ending?.code == 0 && ending?.exitedNormally == true, "\(server.standardError)")
        #expect(FileManager.default.fileExists(atPath: folder.url.path + "/data/pooya.sqlite"))
    }

    @Test func theDefaultDataFolderFollowsHomeAndXDGDataHome() async throws {
        let pooya = try #require(Programs.pooya)
        let folder = try TemporaryFolder()
        let home = folder.url.appendingPathComponent("home").path
        _ = try await run(pooya, ["admin", "keys", "list"], environment: ["HOME": home, "XDG_DATA_HOME": ""])
        #expect(FileManager.default.fileExists(atPath: "\(home)/.local/share/pooya/master.key"))
        let data = folder.url.appendingPathComponent("xdg").path
        _ = try await run(pooya, ["admin", "keys", "list"], environment: ["HOME": home, "XDG_DATA_HOME": data])
        #expect(FileManager.default.fileExists(atPath: "\(data)/pooya/master.key"))

        let blocked = folder.url.appendingPathComponent("a-file")
        try Data().write(to: blocked)
        let refused = try await run(pooya, ["admin", "keys", "list"], environment: ["XDG_DATA_HOME": blocked.path])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("cannot make the data folder \(blocked.path)/pooya"))
        #expect(refused.standardError.contains("pass --data DIR"), "\(refused.standardError)")
    }

    @Test func aMisspeltKeyStopsTheServiceNamingIt() async throws {
        let pooya = try #require(Programs.pooya)
        let folder = try TemporaryFolder()
        let config = folder.url.appendingPathComponent("pooya.json")
        try #"{"http": {"port": 0}, "policy": {"failuresBeforeLok": 3}}"#.write(
            to: config,
            atomically: true,
            encoding: .utf8
        )
        let data = folder.url.appendingPathComponent("data").path
        let fromFile = try await run(pooya, ["serve", "--data", data, "--config", config.path])
        #expect(fromFile.status != 0)
        #expect(
            fromFile.standardError.contains(
                "unknown configuration key policy.failuresBeforeLok (did you mean policy.failuresBeforeLock?)"
            ),
            "\(fromFile.standardError)"
        )
        let fromEnvironment = try await run(
            pooya,
            ["serve", "--data", data, "--port", "0"],
            environment: ["POOYA_HTTP_PROT": "8080"]
        )
        #expect(fromEnvironment.status != 0)
        #expect(fromEnvironment.standardError.contains("POOYA_HTTP_PROT (did you mean POOYA_HTTP_PORT?)"))
    }

    @Test func aPortInUseIsSaidSo() async throws {
        let pooya = try #require(Programs.pooya)
        let folder = try TemporaryFolder()
        let (server, url) = try await startServe(pooya, data: folder.url.appendingPathComponent("one").path)
        let port = try #require(url.split(separator: ":").last.map(String.init))
        let second = try await run(
            pooya,
            [
                "serve", "--data", folder.url.appendingPathComponent("two").path, "--port", port, "--management-port",
                "0",
            ]
        )
        let management = try #require(try await managementURL(of: server).split(separator: ":").last.map(String.init))
        let third = try await run(
            pooya,
            [
                "serve", "--data", folder.url.appendingPathComponent("three").path, "--port", "0", "--management-port",
                management,
            ]
        )
        await server.stop()
        #expect(third.status == 1)
        #expect(
            third.standardError.contains("cannot listen on 127.0.0.1:\(management) for metrics and probes"),
            "\(third.standardError)"
        )
        #expect(second.status == 1)
        #expect(
            second.standardError.contains("cannot listen on 127.0.0.1:\(port): the port is in use"),
            "\(second.standardError)"
        )
        #expect(!second.standardError.contains("SMS dispatch failed"))
    }
}
