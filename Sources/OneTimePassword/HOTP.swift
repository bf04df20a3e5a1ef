/// An HMAC-based one-time password generator (RFC 4226), generalised to SHA-256 and SHA-512 as RFC 6238 does.
///
/// A value holds the secret; its `description` and mirror never show it.
public struct HOTP: Sendable, CustomStringConvertible, CustomReflectable {
    /// The hash function of the HMAC.
    public let algorithm: OTPAlgorithm
    /// How many decimal digits each code has (6–10).
    public let digits: Int
    private let mac: KeyedHMAC

    /// Makes a generator for `secret`.
    ///
    /// - Throws: ``OTPError/emptySecret`` or ``OTPError/digitsOutOfRange(_:)``.
    public init(secret: some Collection<UInt8>, digits: Int = 6, algorithm: OTPAlgorithm = .sha1) throws(OTPError) {
        guard !secret.isEmpty else { throw .emptySecret }
        guard OTPParameters.allowedDigits.contains(digits) else { throw .digitsOutOfRange(digits) }
        self.mac = KeyedHMAC(algorithm: algorithm, key: secret)
        self.digits = digits
        self.algorithm = algorithm
    }

    /// The code for `counter`, exactly ``digits`` ASCII digits with leading zeros kept.
    ///
    /// Every counter from 0 to 2^64−1 has a code.
    public func code(counter: UInt64) -> String {
        let value = withUnsafeBytes(of: counter.bigEndian) { message in
            mac.authenticationCode(for: message, DynamicTruncation.value(of:))
        }
        return DynamicTruncation.code(value, digits: digits)
    }

    /// Finds the counter, from `counter` up to `counter + lookAhead`, whose code is `presented`
    /// (RFC 4226 §7.4's look-ahead window).
    ///
    /// Every counter in the window is computed and compared in constant time whatever the code's value;
    /// see ``CodeMatcher``. The caller stores the result + 1 as the next expected counter.
    public func matchingCounter(for presented: some StringProtocol, from counter: UInt64, lookAhead: UInt64 = 0)
        -> UInt64?
    {
        let (last, overflow) = counter.addingReportingOverflow(lookAhead)
        return CodeMatcher.matchingStep(
            for: presented,
            among: counter...(overflow ? .max : last),
            code: code(counter:)
        )
    }

    /// The algorithm and length; never the secret.
    public var description: String { "HOTP(\(algorithm), \(digits) digits)" }

    /// A mirror without the secret, so `dump` and debuggers do not print it.
    public var customMirror: Mirror { Mirror(self, children: ["algorithm": algorithm, "digits": digits]) }
}
