import ArgumentParser
import OneTimePassword

/// The code shape shared by `hotp`, `totp` and `uri`: length and hash function.
struct CodeOptions: ParsableArguments {
    @Option(
        name: [.short, .long],
        help: "Digits per code, 6 to 10.",
        transform: NumberArgument.parse
    )
    var digits: Int = 6

    @Option(help: "The HMAC hash: sha1, sha256 or sha512.", transform: AlgorithmArgument.parse)
    var algorithm: OTPAlgorithm = .sha1
}

/// A secret given either as hex (as RFC vectors and oathtool write it) or as Base32 (as otpauth URIs do).
struct SecretOptions: ParsableArguments {
    @Option(help: "The secret as hex digits.")
    var secretHex: String?

    @Option(help: "The secret as Base32 (RFC 4648; case and spaces ignored, padding optional).")
    var secret: String?

    func validate() throws {
        guard (secretHex == nil) != (secret == nil) else {
            throw ValidationError("give the secret once: either --secret-hex or --secret")
        }
    }

    /// The secret's bytes.
    func bytes() throws -> [UInt8] {
        if let secretHex { return try Hex.decode(secretHex) }
        return try Base32.decode(secret ?? "")
    }
}
