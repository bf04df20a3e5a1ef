/// The `otpauth://` key URI that authenticators import, usually from a QR code
/// (`otpauth://TYPE/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=…&digits=…&period=…|counter=…`).
///
/// Every value is checked when it is made or parsed, so a value of this type always describes a usable
/// generator. The secret is never shown by `description` or the mirror; ``uriString`` carries it, so treat that
/// string as a secret.
public struct OTPAuthURI: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// Whether codes follow a counter (HOTP) or the clock (TOTP), with the parameter each needs.
    public enum Kind: Sendable, Hashable {
        /// An HOTP account and the counter of its next code.
        case hotp(counter: UInt64)
        /// A TOTP account and its period in seconds.
        case totp(period: Int64)
    }

    /// HOTP or TOTP, with the counter or period.
    public let kind: Kind
    /// The account the secret belongs to (the label after the issuer prefix).
    public let accountName: String
    /// Who issued the secret, shown by authenticators beside the account; `nil` when the URI names none.
    public let issuer: String?
    /// The shared secret.
    public let secret: [UInt8]
    /// The HMAC hash function.
    public let algorithm: OTPAlgorithm
    /// The number of digits of each code.
    public let digits: Int

    /// Describes an account.
    ///
    /// - Throws: ``OTPAuthURIError`` when the secret is empty, the digits or period are out of range, the account
    ///   name is empty, or the issuer or account name contains a colon (the label's separator).
    public init(
        kind: Kind,
        accountName: String,
        issuer: String? = nil,
        secret: [UInt8],
        algorithm: OTPAlgorithm = .sha1,
        digits: Int = 6
    ) throws(OTPAuthURIError) {
        guard !accountName.isEmpty else { throw .missingLabel }
        guard !accountName.contains(":") else { throw .invalidParameter(name: "label", reason: "contains ':'") }
        if let issuer {
            guard !issuer.isEmpty, !issuer.contains(":") else {
                throw .invalidParameter(name: "issuer", reason: "is empty or contains ':'")
            }
        }
        guard !secret.isEmpty else { throw .missingSecret }
        guard OTPParameters.allowedDigits.contains(digits) else {
            throw .invalidParameter(name: "digits", reason: OTPError.digitsOutOfRange(digits).description)
        }
        if case .totp(let period) = kind, period <= 0 {
            throw .invalidParameter(name: "period", reason: OTPError.invalidPeriod(period).description)
        }
        self.kind = kind
        self.accountName = accountName
        self.issuer = issuer
        self.secret = secret
        self.algorithm = algorithm
        self.digits = digits
    }

    /// Parses an `otpauth://` URI.
    ///
    /// The scheme, type, parameter names and algorithm are read in any letter case; the label and values are
    /// percent-decoded (`+` stays a plus sign). `algorithm`, `digits` and `period` default to SHA1, 6 and 30;
    /// `counter` is required for HOTP. Unknown parameters (such as `image`) are ignored; a repeated one is an
    /// error. When both the label's issuer prefix and the `issuer` parameter are present they must agree.
    ///
    /// - Throws: ``OTPAuthURIError`` naming the part that is wrong.
    public init(parsing text: some StringProtocol) throws(OTPAuthURIError) {
        let text = String(text)
        let schemePrefix = "otpauth://"
        guard text.lowercased().hasPrefix(schemePrefix) else { throw .notOTPAuth }
        let afterScheme = text.dropFirst(schemePrefix.count)
        let pathAndQuery = afterScheme.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = pathAndQuery[0].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard path.count == 2 else { throw .missingLabel }
        let parameters = try Self.parameters(pathAndQuery.count == 2 ? pathAndQuery[1] : "")

        let (labelIssuer, accountName) = try Self.label(path[1])
        let issuer = try Self.issuer(fromLabel: labelIssuer, parameter: parameters["issuer"])
        guard let encodedSecret = parameters["secret"], !encodedSecret.isEmpty else { throw .missingSecret }
        let secret: [UInt8]
        do { secret = try Base32.decode(encodedSecret) } catch { throw .invalidSecret(error) }
        let algorithm = try parameters["algorithm"].map { name throws(OTPAuthURIError) in
            guard let algorithm = OTPAlgorithm(name: name) else {
                throw .invalidParameter(name: "algorithm", reason: "'\(name)' is not SHA1, SHA256 or SHA512")
            }
            return algorithm
        }
        let digits = try parameters["digits"].map { value throws(OTPAuthURIError) in
            try Self.number(value, named: "digits", as: Int.self)
        }
        let kind: Kind
        switch path[0].lowercased() {
        case "totp":
            kind = .totp(
                period: try parameters["period"].map { value throws(OTPAuthURIError) in
                    try Self.number(value, named: "period", as: Int64.self)
                } ?? 30
            )
        case "hotp":
            guard let counter = parameters["counter"] else { throw .missingCounter }
            kind = .hotp(counter: try Self.number(counter, named: "counter", as: UInt64.self))
        default:
            throw .unknownType(String(path[0]))
        }
        try self.init(
            kind: kind,
            accountName: accountName,
            issuer: issuer,
            secret: secret,
            algorithm: algorithm ?? .sha1,
            digits: digits ?? 6
        )
    }

    /// The URI, with the label `ISSUER:ACCOUNT`, an unpadded Base32 secret and every parameter written out.
    /// It carries the secret.
    public var uriString: String {
        var label = PercentEncoding.encode(accountName)
        var query = "secret=\(Base32.encode(secret, padded: false))"
        if let issuer {
            label = "\(PercentEncoding.encode(issuer)):\(label)"
            query += "&issuer=\(PercentEncoding.encode(issuer))"
        }
        query += "&algorithm=\(algorithm)&digits=\(digits)"
        switch kind {
        case .totp(let period): return "otpauth://totp/\(label)?\(query)&period=\(period)"
        case .hotp(let counter): return "otpauth://hotp/\(label)?\(query)&counter=\(counter)"
        }
    }

    /// The type, issuer and account; never the secret.
    public var description: String {
        let type = if case .hotp = kind { "hotp" } else { "totp" }
        return "otpauth \(type) " + (issuer.map { "\($0):" } ?? "") + accountName
    }

    /// A mirror without the secret, so `dump` and debuggers do not print it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "kind": kind, "accountName": accountName, "issuer": issuer as Any, "algorithm": algorithm,
                "digits": digits,
            ]
        )
    }

    private static func parameters(_ query: Substring) throws(OTPAuthURIError) -> [String: String] {
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].lowercased()
            guard let value = PercentEncoding.decode(parts.count == 2 ? parts[1] : "") else {
                throw .invalidPercentEncoding(part: name)
            }
            guard parameters.updateValue(value, forKey: name) == nil else { throw .duplicateParameter(name) }
        }
        return parameters
    }

    private static func label(_ encoded: Substring) throws(OTPAuthURIError) -> (issuer: String?, account: String) {
        guard let label = PercentEncoding.decode(encoded) else { throw .invalidPercentEncoding(part: "label") }
        let parts = label.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return (nil, label) }
        let account = parts[1].drop(while: { $0 == " " })
        return (String(parts[0]), String(account))
    }

    private static func issuer(fromLabel label: String?, parameter: String?) throws(OTPAuthURIError) -> String? {
        if let label, let parameter, label != parameter {
            throw .issuerMismatch(label: label, parameter: parameter)
        }
        return parameter ?? label
    }

    private static func number<Number: FixedWidthInteger>(_ text: String, named name: String, as: Number.Type)
        throws(OTPAuthURIError) -> Number
    {
        guard let digits = DecimalDigits.latin(text), let number = Number(digits) else {
            throw .invalidParameter(name: name, reason: "'\(text)' is not a whole number in range")
        }
        return number
    }
}

/// Why an otpauth URI could not be parsed or made.
public enum OTPAuthURIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text does not start with `otpauth://`.
    case notOTPAuth
    /// The type is neither `totp` nor `hotp`.
    case unknownType(String)
    /// There is no label (account name) after the type.
    case missingLabel
    /// The `secret` parameter is missing or empty.
    case missingSecret
    /// The `secret` parameter is not valid Base32.
    case invalidSecret(Base32DecodingError)
    /// An HOTP URI has no `counter` parameter.
    case missingCounter
    /// A parameter (or the label) has a value outside what it allows.
    case invalidParameter(name: String, reason: String)
    /// A parameter appears twice.
    case duplicateParameter(String)
    /// A `%` escape in the named part is malformed or decodes to bytes that are not UTF-8.
    case invalidPercentEncoding(part: String)
    /// The label's issuer prefix and the `issuer` parameter differ.
    case issuerMismatch(label: String, parameter: String)

    /// A message that names the part of the URI that is wrong; never the secret.
    public var description: String {
        switch self {
        case .notOTPAuth: "not an otpauth URI: it must start with otpauth://"
        case .unknownType(let type): "unknown otpauth type '\(type)': use totp or hotp"
        case .missingLabel: "the otpauth URI has no label (account name)"
        case .missingSecret: "the otpauth URI has no secret parameter"
        case .invalidSecret(let error): "the secret parameter is not valid: \(error)"
        case .missingCounter: "an hotp URI needs a counter parameter"
        case .invalidParameter(let name, let reason): "the \(name) parameter is not valid: \(reason)"
        case .duplicateParameter(let name): "the \(name) parameter appears more than once"
        case .invalidPercentEncoding(let part): "the \(part) has a malformed %-escape"
        case .issuerMismatch(let label, let parameter):
            "the label's issuer '\(label)' differs from the issuer parameter '\(parameter)'"
        }
    }
}
