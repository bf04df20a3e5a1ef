public import ArgumentParser

/// A command whose whole result is one piece of text, printed with a newline and nothing else, so scripts
/// (and tests) can take it as it is.
public protocol OutputCommand: ParsableCommand {
    /// The text the command prints, or an error explaining the bad input.
    func output() throws -> String
}

extension OutputCommand {
    /// Prints ``output()`` and a newline.
    public mutating func run() throws {
        print(try output())
    }
}
