import ArgumentParser
import OneTimePassword

/// `pooya otp parse-uri`: prints the fields of an otpauth URI, one `name: value` per line.
struct ParseURICommand: OutputCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse-uri",
        abstract: "Print the fields of an otpauth:// URI, one 'name: value' per line.",
        discussion: "The secret is printed in Base32: this is an operator's tool."
    )

    @Argument(help: "The otpauth:// URI.")
    var uri: String

    func output() throws -> String {
        let uri = try OTPAuthURI(parsing: uri)
        var fields: [(String, String)] = []
        switch uri.kind {
        case .totp: fields.append(("type", "totp"))
        case .hotp: fields.append(("type", "hotp"))
        }
        if let issuer = uri.issuer { fields.append(("issuer", issuer)) }
        fields += [
            ("account", uri.accountName),
            ("secret", Base32.encode(uri.secret, padded: false)),
            ("algorithm", uri.algorithm.rawValue),
            ("digits", String(uri.digits)),
        ]
        switch uri.kind {
        case .totp(let period): fields.append(("period", String(period)))
        case .hotp(let counter): fields.append(("counter", String(counter)))
        }
        return fields.map { "\($0): \($1)" }.joined(separator: "\n")
    }
}
