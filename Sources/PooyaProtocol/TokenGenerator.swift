public import OneTimePassword

/// The codes of a provisioned token, as both the authenticator and the issuer compute them.
///
/// Codes shorter than HOTP's six digits (a 4-digit first PIN for ATM keypads) are the last digits of the 6-digit
/// code, which is the same `Snum mod 10^digits` RFC 4226 truncation would give.
public struct TokenGenerator: Sendable {
    /// The token's parameters.
    public let parameters: TokenParameters
    private let totp: TOTP

    /// Makes the generator for `seed`.
    public init(seed: [UInt8], parameters: TokenParameters) throws(OTPError) {
        self.parameters = parameters
        self.totp = try TOTP(
            secret: seed,
            digits: max(parameters.digits, OTPParameters.allowedDigits.lowerBound),
            algorithm: parameters.algorithm,
            period: parameters.period
        )
    }

    /// The time step containing `time`.
    public func step(at time: Int64) throws(OTPError) -> UInt64 { try totp.step(at: time) }

    /// The code of a step.
    public func code(step: UInt64) -> String {
        String(totp.code(step: step).suffix(parameters.digits))
    }

    /// The code valid at `time`.
    public func code(at time: Int64) throws(OTPError) -> String { code(step: try step(at: time)) }

    /// Seconds until the code valid at `time` is replaced.
    public func secondsRemaining(at time: Int64) throws(OTPError) -> Int64 { try totp.secondsRemaining(at: time) }

    /// The latest step in `steps` whose code is `presented`, compared in constant time (see ``CodeMatcher``).
    public func matchingStep(for presented: some StringProtocol, among steps: ClosedRange<UInt64>) -> UInt64? {
        CodeMatcher.matchingStep(for: presented, among: steps, code: code(step:))
    }
}
