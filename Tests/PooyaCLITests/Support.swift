import ArgumentParser
import Foundation
import PooyaCLI

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


/// The result of running a program.
struct ProgramResult {
    var status: Int32
    var exitedNormally: Bool
    var standardOutput: String
    var standardError: String
}

/// Runs `executable` with `arguments` (and `environment` added to this process's), with no standard input, and
/// collects its output.
func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> ProgramResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let standardOutput = Pipe()
    let standardError = Pipe()
    process.standardOutput = standardOutput
    process.standardError = standardError
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outputData = standardOutput.fileHandleForReading.readDataToEndOfFile()
    let errorData = standardError.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProgramResult(
        status: process.terminationStatus,
        exitedNormally: process.terminationReason == .exit,
        standardOutput: String(decoding: outputData, as: UTF8.self),
        standardError: String(decoding: errorData, as: UTF8.self)
    )
}

/// Runs `executable` with its output discarded and returns its exit status: for programs that leave a daemon behind
/// (`tmux new-session`), which would hold a captured pipe open.
func runDetached(_ executable: URL, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// Starts `pooya serve` over `data` on a free port, with `environment` added, and waits for its banner.
///
/// - Returns: the process (stop it when done) and the URL it listens on, such as `http://127.0.0.1:43619`.
func startServe(_ pooya: URL, data: String, environment: [String: String] = [:]) async throws
    -> (process: Process, url: String)
{
    let server = Process()
    server.executableURL = pooya
    server.arguments = ["serve", "--data", data, "--port", "0"]
    server.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe()
    server.standardOutput = output
    server.standardError = FileHandle.nullDevice
    try server.run()
    let banner = try await firstLine(of: output.fileHandleForReading, stoppingOnTimeout: server)
    guard let url = banner.firstMatch(of: /https?:\/\/127\.0\.0\.1:[0-9]+/).map({ String($0.output) }) else {
        server.terminate()
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSDebugDescriptionErrorKey: "no URL in: \(banner)"])
    }
    return (server, url)
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

    private static func onPath(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Whether this run is CI's, where a missing tool is a failure rather than a reason to skip.
    static let isCI = ProcessInfo.processInfo.environment["CI"] != nil
}

/// The first line the process prints, waiting up to 60 seconds; after that the process is stopped, which ends the
/// blocked read, and the wait fails.
func firstLine(of handle: FileHandle, stoppingOnTimeout process: Process) async throws -> String {
    try await withThrowingTaskGroup(of: String.self) { group in
        group.addTask {
            var data = Data()
            while !data.contains(UInt8(ascii: "\n")) {
                let chunk = handle.availableData
                guard !chunk.isEmpty else { break }
                data += chunk
            }
            return String(decoding: data, as: UTF8.self)
        }
        group.addTask {
            try await Task.sleep(for: .seconds(60))
            process.terminate()
            throw CancellationError()
        }
        let line = try await group.next() ?? ""
        group.cancelAll()
        return line
    }
}
