public import OneTimePassword

/// An amount-capped code (Mellat's "choose the validity and the largest amount"): 12 digits that carry, in the
/// clear, the cap and the validity the cardholder chose, and an 8-digit MAC that binds them to the token's seed and
/// the minute the code was made. The issuer reads the cap and validity from the code itself and checks the MAC.
///
/// Layout: `M M E V C C C C C C C C`
/// - `MM E`: the cap in rials, `MM × 10^E` (MM 10–99, E 0–9): two significant digits, rounded down from what the
///   cardholder asked, so a code never allows more than they chose;
/// - `V`: the validity, an index into ``CappedValidity/minutes`` (1 to 60 minutes);
/// - `C…`: OCRA (RFC 6287) with suite `OCRA-1:HOTP-<token hash>-8:QN08-T1M`, question `MMEV`, time step the minute
///   the code was made.
///
/// The issuer tries every minute from `validity` minutes ago to one minute ahead (at most 62), so a random guess is
/// accepted with probability at most 62 / 10^8 = 6.2 × 10⁻⁷ per attempt, under the 10⁻⁶ the design asks for.
public struct CappedCode: Sendable, Hashable {
    /// The number of digits of a capped code.
    public static let length = 12
    /// The digits of the MAC.
    static let macDigits = 8

    /// The largest amount, in rials, a payment with this code may have.
    public let cap: AmountCap
    /// How long the code stays valid after it was made.
    public let validity: CappedValidity

    /// Pairs a cap and a validity.
    public init(cap: AmountCap, validity: CappedValidity) {
        self.cap = cap
        self.validity = validity
    }

    /// Reads the cap and validity of a presented code, or `nil` when it is not a 12-digit capped code.
    public init?(reading code: some StringProtocol) {
        guard let digits = DecimalDigits.latin(code), digits.count == Self.length else { return nil }
        let bytes = Array(digits.utf8).map { Int($0 - UInt8(ascii: "0")) }
        guard let cap = AmountCap(mantissa: bytes[0] * 10 + bytes[1], exponent: bytes[2]),
            let validity = CappedValidity(index: bytes[3])
        else { return nil }
        self.init(cap: cap, validity: validity)
    }

    /// The 4-digit question the MAC covers: the cap's mantissa and exponent, then the validity's index.
    var question: String { "\(cap.mantissa)\(cap.exponent)\(validity.index)" }

    /// The code made at Unix time `time` with a token's `seed` and `algorithm`.
    public func code(seed: [UInt8], algorithm: OTPAlgorithm, at time: Int64) throws(OCRAError) -> String {
        try question
            + Self.ocra(seed: seed, algorithm: algorithm)
            .response(to: OCRAInput(question: question, timeSteps: Self.minute(of: time)))
    }

    /// The minute (Unix time / 60) in which `presented` was made, if it was made with this seed within its validity
    /// before `time` (or up to one minute after, for a fast clock), skipping `used` minutes; every candidate minute is
    /// computed and compared in constant time.
    public static func matchingMinute(
        for presented: some StringProtocol,
        seed: [UInt8],
        algorithm: OTPAlgorithm,
        at time: Int64,
        used: Set<UInt64> = []
    ) -> (code: CappedCode, minute: UInt64)? {
        guard let capped = CappedCode(reading: presented), time >= 0, let digits = DecimalDigits.latin(presented),
            let ocra = try? ocra(seed: seed, algorithm: algorithm)
        else { return nil }
        let now = minute(of: time)
        let validity = UInt64(capped.validity.minutes)
        let first = now > validity ? now - validity : 0
        let input = OCRAInput(question: capped.question)
        let minute = CodeMatcher.matchingStep(for: digits.suffix(macDigits), among: first...now + 1) { minute in
            var input = input
            input.timeSteps = minute
            // A minute already used gets an impossible code, so it never matches; still computed, for even timing.
            let response = (try? ocra.response(to: input)) ?? ""
            return used.contains(minute) ? String(repeating: "x", count: macDigits) : response
        }
        return minute.map { (capped, $0) }
    }

    /// The Unix minute containing `time`.
    public static func minute(of time: Int64) -> UInt64 { UInt64(max(0, time) / 60) }

    private static func ocra(seed: [UInt8], algorithm: OTPAlgorithm) throws(OCRAError) -> OCRA {
        let suite: OCRASuite
        do { suite = try OCRASuite("OCRA-1:HOTP-\(algorithm.rawValue)-8:QN08-T1M") } catch {
            preconditionFailure("the capped-code suite is a constant and valid: \(error)")
        }
        return try OCRA(suite: suite, key: seed)
    }
}

/// An amount cap with two significant digits: `mantissa × 10^exponent` rials.
public struct AmountCap: Sendable, Hashable, CustomStringConvertible {
    /// 10–99.
    public let mantissa: Int
    /// 0–9.
    public let exponent: Int

    init?(mantissa: Int, exponent: Int) {
        guard (10...99).contains(mantissa), (0...9).contains(exponent) else { return nil }
        self.mantissa = mantissa
        self.exponent = exponent
    }

    /// The largest cap not above `rials`, or `nil` below 10 rials or above 99 × 10⁹ rials.
    public init?(roundingDown rials: Int64) {
        guard rials >= 10, rials <= 99 * 1_000_000_000 else { return nil }
        var mantissa = rials
        var exponent = 0
        while mantissa > 99 {
            mantissa /= 10
            exponent += 1
        }
        self.init(mantissa: Int(mantissa), exponent: exponent)
    }

    /// The cap in rials.
    public var rials: Int64 {
        (0..<exponent).reduce(Int64(mantissa)) { value, _ in value * 10 }
    }

    /// The cap in rials, such as `5000000 rials`.
    public var description: String { "\(rials) rials" }
}

/// How long a capped code stays valid: one of ten choices, so that it fits one digit.
public struct CappedValidity: Sendable, Hashable, CustomStringConvertible {
    /// The choices, in minutes, by index.
    public static let choices = [1, 2, 3, 5, 10, 15, 20, 30, 45, 60]

    /// The index 0–9 written into the code.
    public let index: Int

    /// The choice at `index`.
    public init?(index: Int) {
        guard Self.choices.indices.contains(index) else { return nil }
        self.index = index
    }

    /// The longest choice not above `minutes`, or `nil` below one minute.
    public init?(atMostMinutes minutes: Int) {
        guard let index = Self.choices.lastIndex(where: { $0 <= minutes }) else { return nil }
        self.index = index
    }

    /// The validity in minutes.
    public var minutes: Int { Self.choices[index] }

    /// Such as `10 minutes`.
    public var description: String { "\(minutes) minutes" }
}
