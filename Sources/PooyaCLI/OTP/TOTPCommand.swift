import ArgumentParser
import Foundation
import OneTimePassword

/// `pooya otp totp`: the RFC 6238 code at a given or the current time.
struct TOTPCommand: OutputCommand {
    static let configuration = CommandConfiguration(
        commandName: "totp",
        abstract: "Print the TOTP code (RFC 6238) of a secret at a time (default: now)."
    )

    @OptionGroup var secret: SecretOptions

    @Option(
        parsing: .unconditional,
        help: "Unix time in seconds (default: now).",
        transform: NumberArgument.parse
    )
    var time: Int64?

    @Option(help: "Seconds per time step.", transform: NumberArgument.parse)
    var period: Int64 = 30

    @Option(
        parsing: .unconditional,
        help: "Unix time at which step 0 begins (RFC 6238's T0).",
        transform: NumberArgument.parse
    )
    var startTime: Int64 = 0

    @OptionGroup var code: CodeOptions

    func output() throws -> String {
        let totp = try TOTP(
            secret: secret.bytes(),
            digits: code.digits,
            algorithm: code.algorithm,
            period: period,
            startTime: startTime
        )
        return try totp.code(at: time ?? Int64(Date().timeIntervalSince1970.rounded(.down)))
    }
}
