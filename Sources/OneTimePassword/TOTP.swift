/// A time-based one-time password generator (RFC 6238): HOTP over the number of whole periods since a start time.
///
/// Times are Unix seconds as `Int64`, so dates long after 2038 work. A value holds the secret; its
/// `description` and mirror never show it.
public struct TOTP: Sendable, CustomStringConvertible, CustomReflectable {
    /// The HOTP generator the time step is fed to.
    public let hotp: HOTP
    /// The length of a time step in seconds (RFC 6238's X).
    public let period: Int64
    /// The Unix time at which step 0 begins (RFC 6238's T0).
    public let startTime: Int64

    /// Makes a generator for `secret`.
    ///
    /// - Throws: ``OTPError/emptySecret``, ``OTPError/digitsOutOfRange(_:)`` or ``OTPError/invalidPeriod(_:)``.
    public init(
        secret: some Collection<UInt8>,
        digits: Int = 6,
        algorithm: OTPAlgorithm = .sha1,
        period: Int64 = 30,
        startTime: Int64 = 0
    ) throws(OTPError) {
        guard period > 0 else { throw .invalidPeriod(period) }
        self.hotp = try HOTP(secret: secret, digits: digits, algorithm: algorithm)
        self.period = period
        self.startTime = startTime
    }

    /// The hash function of the HMAC.
    public var algorithm: OTPAlgorithm { hotp.algorithm }
    /// How many decimal digits each code has.
    public var digits: Int { hotp.digits }

    /// The time step that contains `time`: `floor((time − startTime) / period)`.
    ///
    /// - Throws: ``OTPError/timeBeforeStart(time:startTime:)`` when `time` is earlier than ``startTime``.
    public func step(at time: Int64) throws(OTPError) -> UInt64 {
        guard time >= startTime else { throw .timeBeforeStart(time: time, startTime: startTime) }
        // time ≥ startTime, so the difference is non-negative and fits in UInt64 even when Int64 overflows.
        return UInt64(bitPattern: time &- startTime) / UInt64(period)
    }

    /// The code valid at `time`.
    public func code(at time: Int64) throws(OTPError) -> String {
        hotp.code(counter: try step(at: time))
    }

    /// The code of a given time step.
    public func code(step: UInt64) -> String {
        hotp.code(counter: step)
    }

    /// Seconds from `time` until the code valid at `time` is replaced (1…period).
    public func secondsRemaining(at time: Int64) throws(OTPError) -> Int64 {
        let step = try step(at: time)
        let elapsed = UInt64(bitPattern: time &- startTime) - step * UInt64(period)
        return period - Int64(elapsed)
    }

    /// Finds the time step within `window` of the step at `time` whose code is `presented`, skipping every step
    /// at or before `lastAcceptedStep` so that a code is never accepted twice (RFC 6238 §5.2).
    ///
    /// All steps in the window are computed and compared in constant time whatever the code's value, and the
    /// latest matching step wins; see ``CodeMatcher``. Store the result as the new `lastAcceptedStep`.
    public func matchingStep(
        for presented: some StringProtocol,
        at time: Int64,
        window: StepWindow = .init(),
        lastAcceptedStep: UInt64? = nil
    ) throws(OTPError) -> UInt64? {
        let current = try step(at: time)
        var first = current >= window.behind ? current - window.behind : 0
        let (sum, overflow) = current.addingReportingOverflow(window.ahead)
        let last = overflow ? UInt64.max : sum
        if let lastAcceptedStep {
            guard lastAcceptedStep < last else { return nil }
            first = max(first, lastAcceptedStep + 1)
        }
        return CodeMatcher.matchingStep(for: presented, among: first...last, code: code(step:))
    }

    /// The algorithm, length, period and start time; never the secret.
    public var description: String {
        "TOTP(\(algorithm), \(digits) digits, \(period) s" + (startTime == 0 ? ")" : ", from \(startTime))")
    }

    /// A mirror without the secret, so `dump` and debuggers do not print it.
    public var customMirror: Mirror {
        Mirror(self, children: ["hotp": hotp, "period": period, "startTime": startTime])
    }
}

/// How many time steps before and after the current one a verifier accepts, to allow for clock drift and
/// the time a person takes to type a code.
public struct StepWindow: Sendable, Hashable {
    /// Steps before the current one that are still accepted (RFC 6238 §5.2 recommends at most one).
    public var behind: UInt64
    /// Steps after the current one that are accepted, for an authenticator whose clock runs fast.
    public var ahead: UInt64

    /// A window of `behind` earlier and `ahead` later steps around the current one; the default accepts the
    /// current step and the one before it.
    public init(behind: UInt64 = 1, ahead: UInt64 = 0) {
        self.behind = behind
        self.ahead = ahead
    }
}
