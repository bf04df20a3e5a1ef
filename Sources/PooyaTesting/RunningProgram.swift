public import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A program started by a test, with its output going to files in a temporary folder, which can be read at any time.
///
/// It is started with `posix_spawn` and reaped with `waitpid`, not with Foundation's `Process`: on Linux,
/// `Process.run()` of Swift 6.3 now and then crashes the whole test run (an over-read while it lists
/// `/proc/self/fd`, swift-corelibs-foundation#5472), and it notices a child's end through a socket that a daemonizing
/// child keeps open. Its end is awaited by polling, never by blocking a thread (see
/// ``runProgram(_:_:environment:standardInput:timeLimit:)``), and ``stop()`` ends it for sure: SIGTERM, then SIGKILL
/// two seconds later. Dropping the value kills the program.
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

    /// How a program ended.
    public struct Ending: Sendable, Hashable {
        /// Its exit status, or the signal that ended it.
        public var code: Int32
        /// Whether it exited by itself rather than by a signal.
        public var exitedNormally: Bool
    }

    /// The process's identifier.
    public let processIdentifier: pid_t
    private let folder: TemporaryFolder
    private let outputFile: URL
    private let errorFile: URL
    private let input: FileHandle?
    private let ending = Mutex<Ending?>(nil)

    /// Starts `executable` with `arguments`, `environment` added to this process's, reading `standardInput`.
    public init(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String] = [:],
        standardInput: Input = .none
    ) throws {
        folder = try TemporaryFolder()
        outputFile = folder.url.appendingPathComponent("stdout")
        errorFile = folder.url.appendingPathComponent("stderr")
        for file in [outputFile, errorFile] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }

        #if os(Linux)
            var actions = posix_spawn_file_actions_t()
        #else
            var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeEnds: [Int32] = [-1, -1]
        switch standardInput {
        case .none:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .bytes(let data):
            let inputFile = folder.url.appendingPathComponent("stdin")
            try data.write(to: inputFile)
            posix_spawn_file_actions_addopen(&actions, 0, inputFile.path, O_RDONLY, 0)
        case .pipe:
            // Close-on-exec, so that no other child inherits the pipe; dup2 clears it on the child's descriptor 0.
            guard pipe(&pipeEnds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
            posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
            posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        }
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_APPEND, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_APPEND, 0)

        let environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable.path, &actions, nil, argv, envp)
        if pipeEnds[0] >= 0 { close(pipeEnds[0]) }
        guard result == 0 else {
            if pipeEnds[1] >= 0 { close(pipeEnds[1]) }
            throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO)
        }
        processIdentifier = pid
        input = pipeEnds[1] >= 0 ? FileHandle(fileDescriptor: pipeEnds[1], closeOnDealloc: true) : nil
    }

    deinit {
        if reap() == nil {
            kill(processIdentifier, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(processIdentifier, &status, 0)
        }
    }

    /// What it has written to standard output so far.
    public var standardOutput: String { Self.text(of: outputFile) }

    /// What it has written to standard error so far.
    public var standardError: String { Self.text(of: errorFile) }

    /// Whether it is still running.
    public var isRunning: Bool { reap() == nil }

    /// Writes `text` to its standard input, when that is a ``Input/pipe``.
    public func write(_ text: String) throws {
        try input?.write(contentsOf: Data(text.utf8))
    }

    /// Waits up to `limit` for the program to end.
    ///
    /// - Returns: its exit status (or ending signal) and whether it exited by itself; `nil` if it is still running.
    public func exit(within limit: Duration) async -> Ending? {
        let deadline = ContinuousClock.now + limit
        while true {
            if let ending = reap() { return ending }
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(20))) != nil else {
                return nil
            }
        }
    }

    /// Waits up to `limit` for the first line of standard output that matches `pattern`.
    ///
    /// - Returns: the line, or `nil` when none came in time or the program ended first.
    public func line(matching pattern: some RegexComponent, within limit: Duration) async -> String? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let wasRunning = isRunning
            if let line = standardOutput.split(separator: "\n").first(where: { $0.contains(pattern) }) {
                return String(line)
            }
            guard wasRunning, (try? await Task.sleep(for: .milliseconds(20))) != nil else { return nil }
        }
        return nil
    }

    /// Ends the program: SIGTERM, and SIGKILL if it is still running two seconds later.
    public func stop() async {
        try? input?.close()
        guard isRunning else { return }
        kill(processIdentifier, SIGTERM)
        if await exit(within: .seconds(2)) == nil {
            kill(processIdentifier, SIGKILL)
            _ = await exit(within: .seconds(2))
        }
    }

    /// How it ended, once it has; reaps it the first time.
    private func reap() -> Ending? {
        ending.withLock { ending in
            if let ending { return ending }
            var status: Int32 = 0
            guard waitpid(processIdentifier, &status, WNOHANG) == processIdentifier else { return nil }
            // POSIX's wait status: the low 7 bits are the ending signal, or 0 for an exit with the next 8 bits.
            let signal = status & 0x7f
            ending =
                signal == 0
                ? Ending(code: (status >> 8) & 0xff, exitedNormally: true)
                : Ending(code: signal, exitedNormally: false)
            return ending
        }
    }

    private static func text(of file: URL) -> String {
        String(decoding: (try? Data(contentsOf: file)) ?? Data(), as: UTF8.self)
    }
}
