import ArgumentParser
import OneTimePassword

/// `pooya otp hotp`: the RFC 4226 code for one counter.
struct HOTPCommand: OutputCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotp",
        abstract: "Print the HOTP code (RFC 4226) of a secret and counter."
    )

    @Option(help: "The secret as hex digits.")
    var secretHex: String

    @Option(help: "The counter, 0 to 18446744073709551615.", transform: NumberArgument.parse)
    var counter: UInt64

    @OptionGroup var code: CodeOptions

    func output() throws -> String {
        try HOTP(secret: Hex.decode(secretHex), digits: code.digits, algorithm: code.algorithm)
            .code(counter: counter)
    }
}
