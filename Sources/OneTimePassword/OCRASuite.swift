/// An OCRA suite (RFC 6287 §6): which crypto function and which data inputs a challenge-response uses,
/// such as `OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1`.
///
/// The suite's text is itself hashed into every response, so it is kept exactly as given; parsing is
/// case-sensitive, as the RFC writes it.
public struct OCRASuite: Sendable, Hashable, CustomStringConvertible {
    /// How the challenge question is written.
    public enum ChallengeFormat: String, Sendable, Hashable {
        /// Decimal digits (`QN`): converted to a big-endian number before hashing.
        case numeric = "N"
        /// Printable ASCII (`QA`): hashed as its bytes.
        case alphanumeric = "A"
        /// Hex digits (`QH`): hashed as the bytes they spell.
        case hexadecimal = "H"
    }

    /// The suite's `QFxx` component.
    public struct Challenge: Sendable, Hashable {
        /// The question's format.
        public let format: ChallengeFormat
        /// The longest question one party sends (4–64 characters). In mutual challenge-response
        /// (RFC 6287 §7.3) two questions are joined, so a question up to the 128-byte field is accepted.
        public let maxLength: Int
    }

    /// The suite's `TG` component: the time-step size.
    public enum TimeStep: Sendable, Hashable {
        /// 1–59 seconds.
        case seconds(Int)
        /// 1–59 minutes.
        case minutes(Int)
        /// 1–48 hours.
        case hours(Int)

        /// The step's length in seconds.
        public var seconds: Int64 {
            switch self {
            case .seconds(let count): Int64(count)
            case .minutes(let count): Int64(count) * 60
            case .hours(let count): Int64(count) * 3600
            }
        }
    }

    /// The suite exactly as written.
    public let text: String
    /// The HMAC hash function.
    public let algorithm: OTPAlgorithm
    /// Digits in a response, 4–10; 0 means no truncation (the whole MAC, as lower-case hex).
    public let digits: Int
    /// Whether a counter (`C`) is part of the input.
    public let usesCounter: Bool
    /// The challenge question's format and length.
    public let challenge: Challenge
    /// The hash of the PIN (`PSHA1`, `PSHA256`, `PSHA512`), when a PIN is part of the input.
    public let pinHash: OTPAlgorithm?
    /// The length in bytes of the session information (`Snnn`), when it is part of the input.
    public let sessionInfoLength: Int?
    /// The time-step size (`TG`), when a timestamp is part of the input.
    public let timeStep: TimeStep?

    /// Parses a suite string.
    ///
    /// - Throws: ``OCRASuiteError`` naming the part that is not valid.
    public init(_ text: some StringProtocol) throws(OCRASuiteError) {
        let text = String(text)
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .wrongShape(text) }
        guard parts[0] == "OCRA-1" else { throw .unsupportedVersion(String(parts[0])) }
        (algorithm, digits) = try Self.cryptoFunction(parts[1])

        var components = parts[2].split(separator: "-", omittingEmptySubsequences: false)[...]
        usesCounter = components.first == "C"
        if usesCounter { components = components.dropFirst() }
        guard let question = components.popFirst() else { throw .missingChallenge }
        challenge = try Self.challenge(question)
        pinHash = try Self.optionalComponent(prefix: "P", of: &components, parse: Self.pinHash)
        sessionInfoLength = try Self.optionalComponent(prefix: "S", of: &components, parse: Self.sessionInfoLength)
        timeStep = try Self.optionalComponent(prefix: "T", of: &components, parse: Self.timeStep)
        if let extra = components.first {
            throw .invalidDataInput(
                component: String(extra),
                reason: "unknown, repeated or out of order: the order is [C-]Q…[-P…][-S…][-T…]"
            )
        }
        self.text = text
    }

    /// The suite text.
    public var description: String { text }

    /// The number of whole time steps from the Unix epoch to `unixTime`, the value of the `T` input.
    ///
    /// - Throws: ``OCRAError/missingInput(_:)`` when the suite has no time step, and
    ///   ``OCRAError/timeBeforeEpoch(_:)`` for a negative time.
    public func timeSteps(at unixTime: Int64) throws(OCRAError) -> UInt64 {
        guard let timeStep else { throw .unexpectedInput("time") }
        guard unixTime >= 0 else { throw .timeBeforeEpoch(unixTime) }
        return UInt64(unixTime / timeStep.seconds)
    }

    private static func cryptoFunction(_ part: Substring) throws(OCRASuiteError) -> (OTPAlgorithm, Int) {
        let pieces = part.split(separator: "-", omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0] == "HOTP",
            let algorithm = ["SHA1": OTPAlgorithm.sha1, "SHA256": .sha256, "SHA512": .sha512][String(pieces[1])],
            let digits = asciiNumber(pieces[2]), pieces[2].count <= 2, digits == 0 || (4...10).contains(digits)
        else {
            throw .invalidCryptoFunction(String(part))
        }
        return (algorithm, digits)
    }

    private static func challenge(_ component: Substring) throws(OCRASuiteError) -> Challenge {
        let reason = "a challenge is Q, then A, N or H, then a length 04–64, such as QN08"
        guard component.count == 4, component.first == "Q",
            let format = ChallengeFormat(rawValue: String(component.dropFirst().prefix(1))),
            let length = asciiNumber(component.suffix(2)), (4...64).contains(length)
        else {
            throw .invalidDataInput(component: String(component), reason: reason)
        }
        return Challenge(format: format, maxLength: length)
    }

    private static func pinHash(_ value: Substring) -> OTPAlgorithm? {
        ["SHA1": OTPAlgorithm.sha1, "SHA256": .sha256, "SHA512": .sha512][String(value)]
    }

    private static func sessionInfoLength(_ value: Substring) -> Int? {
        guard value.count == 3, let length = asciiNumber(value), length > 0 else { return nil }
        return length
    }

    private static func timeStep(_ value: Substring) -> TimeStep? {
        guard let unit = value.last, let count = asciiNumber(value.dropLast()), value.first != "0" else { return nil }
        switch unit {
        case "S" where (1...59).contains(count): return .seconds(count)
        case "M" where (1...59).contains(count): return .minutes(count)
        // RFC 6287's grammar allows 0H, but a zero-length step cannot count time, so it is refused.
        case "H" where (1...48).contains(count): return .hours(count)
        default: return nil
        }
    }

    /// The value of one or more ASCII digits, and nothing else (no sign, no other digit set).
    private static func asciiNumber(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 3, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    /// Reads the next component when it starts with `prefix`; a component with that prefix whose value does not
    /// parse is an error naming it.
    private static func optionalComponent<Value>(
        prefix: Character,
        of components: inout ArraySlice<Substring>,
        parse: (Substring) -> Value?
    ) throws(OCRASuiteError) -> Value? {
        guard let component = components.first, component.first == prefix else { return nil }
        guard let value = parse(component.dropFirst()) else {
            let expected =
                switch prefix {
                case "P": "a PIN hash is PSHA1, PSHA256 or PSHA512"
                case "S": "session information is S and a length of three digits, such as S064"
                default: "a time step is T and 1–59S, 1–59M or 1–48H, such as T1M"
                }
            throw .invalidDataInput(component: String(component), reason: expected)
        }
        components = components.dropFirst()
        return value
    }
}

/// Why a string is not a valid OCRA suite; every case names the offending part.
public enum OCRASuiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not three parts separated by colons.
    case wrongShape(String)
    /// The first part is not `OCRA-1`.
    case unsupportedVersion(String)
    /// The crypto function is not `HOTP-SHA1|SHA256|SHA512-t` with t 0 or 4–10.
    case invalidCryptoFunction(String)
    /// A data-input component is malformed, unknown, repeated or out of order.
    case invalidDataInput(component: String, reason: String)
    /// The data input has no challenge question (`Q…`), which every suite needs.
    case missingChallenge

    /// A message naming the bad part and what was expected.
    public var description: String {
        switch self {
        case .wrongShape(let text):
            "invalid OCRA suite '\(text)': expected OCRA-1:CryptoFunction:DataInput"
        case .unsupportedVersion(let part):
            "invalid OCRA suite version '\(part)': only OCRA-1 exists"
        case .invalidCryptoFunction(let part):
            "invalid OCRA crypto function '\(part)': expected HOTP-SHA1, HOTP-SHA256 or HOTP-SHA512 "
                + "followed by -0 or -4 to -10"
        case .invalidDataInput(let component, let reason):
            "invalid OCRA data input '\(component)': \(reason)"
        case .missingChallenge:
            "invalid OCRA data input: the challenge question (such as QN08) is missing"
        }
    }
}
