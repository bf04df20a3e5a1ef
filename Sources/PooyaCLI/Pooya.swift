public import ArgumentParser

/// The `pooya` command: the root of every subcommand.
public struct Pooya: AsyncParsableCommand {
    /// The command's name, summary and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "pooya",
        abstract: "Dynamic card PINs (رمز پویا): one-time second and first PINs for card issuers.",
        version: version,
        subcommands: [ServeCommand.self, AdminCommand.self, TokenCommand.self, OTPCommand.self, ReceiptCommand.self]
    )

    /// This build's version, as CHANGELOG.md's newest entry names it.
    public static let version = "0.2.0"

    /// Creates the root command; `Pooya.main()` parses the arguments into a subcommand instead.
    public init() {}
}
