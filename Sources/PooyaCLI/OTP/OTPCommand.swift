import ArgumentParser

/// `pooya otp`: one-time-password arithmetic for operators, in the spirit of `oathtool`.
struct OTPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "otp",
        abstract: "Compute HOTP, TOTP and OCRA codes and read or build otpauth:// URIs.",
        discussion: "Each command prints only its result and a newline; bad input exits non-zero with a message.",
        subcommands: [HOTPCommand.self, TOTPCommand.self, OCRACommand.self, URICommand.self, ParseURICommand.self]
    )
}
