public import Foundation

/// A program started by a test, with its output going to files in a temporary folder, which can be read at any time.
///
/// Its end is awaited by polling, never by blocking a thread (see ``runProgram(_:_:environment:standardInput:timeLimit:)``),
/// and ``stop()`` ends it for sure: SIGTERM, then SIGKILL two seconds later. Dropping the value kills the program.
public final class RunningProgram: Sendable {
    /// What a program reads from its standard input.
    public enum Input: Sendable {
        /// Nothing: it reads end-of-file at once.
        case none
        /// These bytes, then end-of-file.
        case bytes(Data)
        /// A pipe kept open until the program is stopped, written to with ``RunningProgram/write(_:)``.
        case pipe
    }

    /// The process's identifier.
    public let processIdentifier: Int32
    private let process: Process
    private let folder: TemporaryFolder
    private let outputFile: URL
    private let errorFile: URL
    private let inputPipe: Pipe?

    /// Starts `executable` with `arguments`, `environment` added to this process's, reading `standardInput`.
    public init(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], standardInput: Input = .none
    ) throws {
        folder = try TemporaryFolder()
        outputFile = folder.url.appendingPathComponent("stdout")
        errorFile = folder.url.appendingPathComponent("stderr")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        switch standardInput {
        case .none:
            process.standardInput = FileHandle.nullDevice
            inputPipe = nil
        case .bytes(let data):
            let inputFile = folder.url.appendingPathComponent("stdin")
            try data.write(to: inputFile)
            process.standardInput = try FileHandle(forReadingFrom: inputFile)
            inputPipe = nil
        case .pipe:
            let pipe = Pipe()
            process.standardInput = pipe
            inputPipe = pipe
        }
        for file in [outputFile, errorFile] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        self.process = process
        processIdentifier = process.processIdentifier
    }

    deinit {
        if process.isRunning { kill(processIdentifier, SIGKILL) }
    }

    /// What it has written to standard output so far.
    public var standardOutput: String { Self.text(of: outputFile) }

    /// What it has written to standard error so far.
    public var standardError: String { Self.text(of: errorFile) }

    /// Writes `text` to its standard input, when that is a ``Input/pipe``.
    public func write(_ text: String) throws {
        try inputPipe?.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    /// Whether it is still running.
    public var isRunning: Bool { process.isRunning }

    /// Waits up to `limit` for the program to end.
    ///
    /// - Returns: its exit status (or ending signal) and whether it exited by itself; `nil` if it is still running.
    public func exit(within limit: Duration) async -> (code: Int32, exitedNormally: Bool)? {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(20))) != nil else {
                return nil
            }
        }
        return (process.terminationStatus, process.terminationReason == .exit)
    }

    /// Waits up to `limit` for the first line of standard output that matches `pattern`.
    ///
    /// - Returns: the line, or `nil` when none came in time or the program ended first.
    public func line(matching pattern: some RegexComponent, within limit: Duration) async -> String? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let wasRunning = process.isRunning
            if let line = standardOutput.split(separator: "\n").first(where: { $0.contains(pattern) }) {
                return String(line)
            }
            guard wasRunning, (try? await Task.sleep(for: .milliseconds(20))) != nil else { return nil }
        }
        return nil
    }

    /// Ends the program: SIGTERM, and SIGKILL if it is still running two seconds later.
    public func stop() async {
        try? inputPipe?.fileHandleForWriting.close()
        guard process.isRunning else { return }
        process.terminate()
        if await exit(within: .seconds(2)) == nil {
            kill(processIdentifier, SIGKILL)
            _ = await exit(within: .seconds(2))
        }
    }

    private static func text(of file: URL) -> String {
        String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
    }
}
