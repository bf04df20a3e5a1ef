import ArgumentParser
import Foundation
import PooyaCLI
import PooyaTesting

/// Runs a `pooya` command in-process and returns what it would print.
func output(_ arguments: String...) throws -> String {
    try output(arguments)
}

/// Runs a `pooya` command in-process and returns what it would print.
func output(_ arguments: [String]) throws -> String {
    let command = try Pooya.parseAsRoot(arguments)
    guard let command = command as? any OutputCommand else {
        throw CocoaError(.featureUnsupported, userInfo: [NSDebugDescriptionErrorKey: "not an OutputCommand"])
    }
    return try command.output()
}

/// What `pooya` would print to standard error for `arguments`, and its exit code, or `nil` if it succeeds.
func failure(_ arguments: [String]) -> (message: String, exitCode: Int32)? {
    do {
        _ = try output(arguments)
        return nil
    } catch {
        return (Pooya.message(for: error), Pooya.exitCode(for: error).rawValue)
    }
}

/// Runs `executable` with `arguments` (and `environment` added to this process's), with no standard input, and
/// collects its output, without blocking a thread while it runs.
func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) async throws -> ProgramResult {
    try await runProgram(executable, arguments, environment: environment)
}

/// Starts `pooya serve` over `data` on a free port (or `ports`), with `environment` added, and waits for its banner.
///
/// - Returns: the running server (stop it when done) and the URL it listens on, such as `http://127.0.0.1:43619`.
func startServe(
    _ pooya: URL,
    data: String,
    environment: [String: String] = [:],
    ports: (api: Int, management: Int) = (0, 0)
) async throws -> (process: RunningProgram, url: String) {
    let server = try RunningProgram(
        pooya,
        ["serve", "--data", data, "--port", "\(ports.api)", "--management-port", "\(ports.management)"],
        environment: environment
    )
    let pattern = /listening on (https?:\/\/127\.0\.0\.1:[0-9]+)/
    let banner = await server.line(matching: pattern, within: .seconds(60))
    guard let url = banner?.firstMatch(of: pattern).map({ String($0.output.1) }) else {
        await server.stop()
        throw CocoaError(
            .fileReadCorruptFile,
            userInfo: [
                NSDebugDescriptionErrorKey:
                    "pooya serve printed no URL: \(server.standardOutput) \(server.standardError)"
            ]
        )
    }
    return (server, url)
}

/// The management listener's URL (`/metrics`, `/healthz`, `/readyz`) of a running `pooya serve`, from its banner.
func managementURL(of server: RunningProgram) async throws -> String {
    let pattern = /Metrics and probes on (http:\/\/127\.0\.0\.1:[0-9]+)\//
    guard let line = await server.line(matching: pattern, within: .seconds(30)),
        let url = line.firstMatch(of: pattern).map({ String($0.output.1) })
    else {
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSDebugDescriptionErrorKey: "no management listener"])
    }
    return url
}

/// ``startServe(_:data:environment:)``, answering the port it listens on rather than its URL.
func startServeOnAPort(_ pooya: URL, data: String, environment: [String: String] = [:]) async throws
    -> (process: RunningProgram, port: Int)
{
    let (server, url) = try await startServe(pooya, data: data, environment: environment)
    guard let port = url.firstMatch(of: /:([0-9]+)$/).flatMap({ Int($0.output.1) }) else {
        await server.stop()
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSDebugDescriptionErrorKey: "no port in \(url)"])
    }
    return (server, port)
}

/// Programs the tests run.
enum Programs {
    /// The built `pooya` executable, beside the test bundle in the build products folder.
    static let pooya: URL? = {
        if let path = ProcessInfo.processInfo.environment["POOYA_BINARY"] { return URL(fileURLWithPath: path) }
        let products = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [products, Bundle.main.bundleURL] {
            let url = candidate.appendingPathComponent("pooya")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }()

    /// `oathtool` from the PATH, when installed.
    static let oathtool = onPath("oathtool")

    /// `tmux` from the PATH, when installed.
    static let tmux = onPath("tmux")

    /// `faketime` (libfaketime) from the PATH, when installed: a program run under it sees a shifted clock.
    static let faketime = onPath("faketime")

    /// `systemd-analyze` from the PATH, when installed.
    static let systemdAnalyze = onPath("systemd-analyze")

    private static func onPath(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Whether this run is CI's, where a missing tool is a failure rather than a reason to skip.
    static let isCI = ProcessInfo.processInfo.environment["CI"] != nil
}
