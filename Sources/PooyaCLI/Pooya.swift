public import ArgumentParser

/// The `pooya` command: the root of every subcommand.
public struct Pooya: AsyncParsableCommand {
    /// The command's name, summary and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "pooya",
        abstract: "Dynamic card PINs (رمز پویا): one-time second and first PINs for card issuers.",
        subcommands: [ServeCommand.self, AdminCommand.self, TokenCommand.self, OTPCommand.self]
    )

    /// Creates the root command; `Pooya.main()` parses the arguments into a subcommand instead.
    public init() {}
}
