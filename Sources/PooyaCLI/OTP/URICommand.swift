import ArgumentParser
import OneTimePassword

/// `pooya otp uri`: builds the otpauth URI an authenticator imports.
struct URICommand: OutputCommand {
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case totp, hotp
    }

    static let configuration = CommandConfiguration(
        commandName: "uri",
        abstract: "Print an otpauth:// URI for a secret.",
        discussion: "The URI carries the secret: handle it as the secret itself."
    )

    @Option(help: "The secret as Base32.")
    var secret: String

    @Option(help: "The account, or ISSUER:ACCOUNT.")
    var label: String

    @Option(help: "Who issued the secret, shown beside the account.")
    var issuer: String?

    @Option(help: "totp or hotp.")
    var type: Kind = .totp

    @Option(help: "Seconds per time step (totp).", transform: NumberArgument.parse)
    var period: Int64?

    @Option(help: "The next counter (hotp).", transform: NumberArgument.parse)
    var counter: UInt64?

    @OptionGroup var code: CodeOptions

    func validate() throws {
        switch type {
        case .hotp:
            guard counter != nil else { throw ValidationError("an hotp URI needs --counter") }
            guard period == nil else { throw ValidationError("--period is for totp URIs; hotp uses --counter") }
        case .totp:
            guard counter == nil else { throw ValidationError("--counter is for hotp URIs; totp uses --period") }
        }
    }

    func output() throws -> String {
        let parts = label.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let labelIssuer = parts.count == 2 ? String(parts[0]) : nil
        if let labelIssuer, let issuer, labelIssuer != issuer {
            throw OTPAuthURIError.issuerMismatch(label: labelIssuer, parameter: issuer)
        }
        let uri = try OTPAuthURI(
            kind: type == .hotp ? .hotp(counter: counter ?? 0) : .totp(period: period ?? 30),
            accountName: String(parts.last ?? ""),
            issuer: issuer ?? labelIssuer,
            secret: Base32.decode(secret),
            algorithm: code.algorithm,
            digits: code.digits
        )
        return uri.uriString
    }
}
