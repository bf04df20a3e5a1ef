/// Why a one-time-password generator could not be made or could not produce a code.
public enum OTPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The requested code length is outside `OTPParameters.allowedDigits` (6–10).
    case digitsOutOfRange(Int)
    /// The secret is empty.
    case emptySecret
    /// The TOTP period is not a positive number of seconds.
    case invalidPeriod(Int64)
    /// The time (Unix seconds) lies before the TOTP start time, so it has no time step.
    case timeBeforeStart(time: Int64, startTime: Int64)

    /// A message that says what was wrong and what is allowed, without any secret.
    public var description: String {
        switch self {
        case .digitsOutOfRange(let digits):
            "a code must have between \(OTPParameters.allowedDigits.lowerBound) and "
                + "\(OTPParameters.allowedDigits.upperBound) digits, not \(digits)"
        case .emptySecret:
            "the secret is empty"
        case .invalidPeriod(let period):
            "the period must be a positive number of seconds, not \(period)"
        case .timeBeforeStart(let time, let startTime):
            "the time \(time) is before the start time \(startTime)"
        }
    }
}

/// Limits shared by every generator in this module.
public enum OTPParameters {
    /// Code lengths HOTP and TOTP accept. RFC 4226 asks for at least 6; above 10 digits the 31-bit
    /// truncated value no longer fills the code.
    public static let allowedDigits: ClosedRange<Int> = 6...10
}
