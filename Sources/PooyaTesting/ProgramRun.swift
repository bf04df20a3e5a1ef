public import Foundation

/// What a program printed and how it ended.
public struct ProgramResult: Sendable {
    /// Its exit status, or the signal that ended it.
    public var status: Int32
    /// Whether it exited by itself rather than by a signal.
    public var exitedNormally: Bool
    /// What it wrote to standard output.
    public var standardOutput: String
    /// What it wrote to standard error.
    public var standardError: String
}

/// A program that did not end within its time limit; it was killed.
public struct ProgramTimedOut: Error, CustomStringConvertible {
    /// The program's path and arguments.
    public var commandLine: String
    /// What it had printed to standard error by then.
    public var standardError: String

    /// The command line and what it printed before it was stopped.
    public var description: String { "\(commandLine) did not end in time; it printed: \(standardError)" }
}

/// Runs `executable` with `arguments` to its end and collects what it printed.
///
/// Nothing here blocks one of Swift concurrency's threads: the program's output goes to files, and its end is awaited
/// through its termination handler. A test that blocked those threads (`waitUntilExit`, a blocking read) could starve
/// the in-process servers other tests are talking to, and hang the whole run.
///
/// - Parameters:
///   - environment: added to this process's environment.
///   - standardInput: what the program reads; none by default.
///   - timeLimit: after this the program is killed and `ProgramTimedOut` thrown.
public func runProgram(
    _ executable: URL,
    _ arguments: [String],
    environment: [String: String] = [:],
    standardInput: Data? = nil,
    timeLimit: Duration = .seconds(120)
) async throws -> ProgramResult {
    let program = try RunningProgram(
        executable,
        arguments,
        environment: environment,
        standardInput: standardInput.map { .bytes($0) } ?? .none
    )
    guard let status = await program.exit(within: timeLimit) else {
        await program.stop()
        throw ProgramTimedOut(
            commandLine: ([executable.path] + arguments).joined(separator: " "),
            standardError: program.standardError
        )
    }
    return ProgramResult(
        status: status.code,
        exitedNormally: status.exitedNormally,
        standardOutput: program.standardOutput,
        standardError: program.standardError
    )
}
