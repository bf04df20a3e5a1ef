/// An OCRA challenge-response and signature generator (RFC 6287) for one suite and one key.
///
/// A value holds the key; its `description` and mirror never show it.
public struct OCRA: Sendable, CustomStringConvertible, CustomReflectable {
    /// The suite whose inputs a response covers.
    public let suite: OCRASuite
    private let mac: KeyedHMAC

    /// The size of the challenge field in the hashed message (RFC 6287 §5.1): 128 bytes.
    static let questionFieldLength = 128

    /// Makes a generator for `suite` with `key`.
    ///
    /// - Throws: ``OCRAError/emptyKey`` for an empty key.
    public init(suite: OCRASuite, key: some Collection<UInt8>) throws(OCRAError) {
        guard !key.isEmpty else { throw .emptyKey }
        self.suite = suite
        self.mac = KeyedHMAC(algorithm: suite.algorithm, key: key)
    }

    /// The response to `input`: ``OCRASuite/digits`` decimal digits, or the whole MAC as hex when the suite
    /// does not truncate.
    ///
    /// - Throws: ``OCRAError`` when an input the suite needs is missing, one it does not use is given, or an
    ///   input is malformed.
    public func response(to input: OCRAInput) throws(OCRAError) -> String {
        let message = try self.message(for: input)
        return message.withUnsafeBytes { bytes in
            mac.authenticationCode(for: bytes) { code in
                suite.digits == 0
                    ? Hex.encode(code)
                    : DynamicTruncation.code(DynamicTruncation.value(of: code), digits: suite.digits)
            }
        }
    }

    /// The message RFC 6287 §5.1 hashes: suite, a zero byte, then C, Q, P, S and T as the suite lists them.
    func message(for input: OCRAInput) throws(OCRAError) -> [UInt8] {
        var message = Array(suite.text.utf8) + [0]
        let counter = try required(input.counter, when: suite.usesCounter, name: "counter")
        if let counter { message += Self.bigEndianBytes(counter) }
        message += try questionField(input.question)
        if let pinHash = try required(input.pin, when: suite.pinHash != nil, name: "PIN"),
            let algorithm = suite.pinHash
        {
            message += try pinHash.hash(with: algorithm)
        }
        if let session = try required(input.sessionInfo, when: suite.sessionInfoLength != nil, name: "session"),
            let length = suite.sessionInfoLength
        {
            guard session.count <= length else { throw .sessionInfoTooLong(maximum: length, actual: session.count) }
            message += [UInt8](repeating: 0, count: length - session.count) + session
        }
        if let timeSteps = try required(input.timeSteps, when: suite.timeStep != nil, name: "time") {
            message += Self.bigEndianBytes(timeSteps)
        }
        return message
    }

    /// The suite; never the key.
    public var description: String { "OCRA(\(suite))" }

    /// A mirror without the key, so `dump` and debuggers do not print it.
    public var customMirror: Mirror { Mirror(self, children: ["suite": suite]) }

    private func required<Value>(_ value: Value?, when needed: Bool, name: String) throws(OCRAError) -> Value? {
        if needed, value == nil { throw .missingInput(name) }
        if !needed, value != nil { throw .unexpectedInput(name) }
        return value
    }

    /// The question as the 128-byte field: numbers as the nibbles of their hex form and hex as its nibbles, both
    /// left-aligned and padded with zero nibbles; text as its ASCII bytes padded with zero bytes.
    private func questionField(_ question: String) throws(OCRAError) -> [UInt8] {
        guard !question.isEmpty else { throw .invalidQuestion("it is empty") }
        switch suite.challenge.format {
        case .alphanumeric:
            guard question.utf8.allSatisfy({ (0x20...0x7e).contains($0) }) else {
                throw .invalidQuestion("an alphanumeric question holds printable ASCII only")
            }
            return try Self.padded(bytes: Array(question.utf8))
        case .numeric:
            guard let digits = DecimalDigits.latin(question) else {
                throw .invalidQuestion("a numeric question holds decimal digits only")
            }
            return try Self.padded(nibbles: try Self.hexNibbles(ofDecimal: digits))
        case .hexadecimal:
            do { return try Self.padded(nibbles: Hex.nibbles(question)) } catch {
                throw .invalidQuestion("a hexadecimal question holds 0–9 and a–f only")
            }
        }
    }

    private static func padded(bytes: [UInt8]) throws(OCRAError) -> [UInt8] {
        guard bytes.count <= questionFieldLength else { throw .invalidQuestion("it is longer than 128 bytes") }
        return bytes + [UInt8](repeating: 0, count: questionFieldLength - bytes.count)
    }

    private static func padded(nibbles: [UInt8]) throws(OCRAError) -> [UInt8] {
        guard nibbles.count <= questionFieldLength * 2 else {
            throw .invalidQuestion("it does not fit in 128 bytes")
        }
        let all = nibbles + [UInt8](repeating: 0, count: questionFieldLength * 2 - nibbles.count)
        return stride(from: 0, to: all.count, by: 2).map { all[$0] << 4 | all[$0 + 1] }
    }

    /// The hex digits of a decimal number, most significant first, without leading zeros ("0" for zero),
    /// as RFC 6287's reference code writes `new BigInteger(q, 10).toString(16)`.
    private static func hexNibbles(ofDecimal digits: String) throws(OCRAError) -> [UInt8] {
        // Little-endian base-16 digits, multiplied by 10 and added to for each decimal digit.
        var nibbles: [UInt8] = [0]
        for digit in digits.utf8 {
            var carry = Int(digit - UInt8(ascii: "0"))
            for index in nibbles.indices {
                let value = Int(nibbles[index]) * 10 + carry
                nibbles[index] = UInt8(value & 0xf)
                carry = value >> 4
            }
            while carry > 0 {
                nibbles.append(UInt8(carry & 0xf))
                carry >>= 4
            }
            guard nibbles.count <= questionFieldLength * 2 else {
                throw .invalidQuestion("the number does not fit in 128 bytes")
            }
        }
        return nibbles.reversed()
    }

    private static func bigEndianBytes(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian, Array.init)
    }
}

/// The values one OCRA computation covers; give exactly those the suite names.
public struct OCRAInput: Sendable, Hashable {
    /// A PIN, as the person knows it or as its hash.
    public enum PIN: Sendable, Hashable {
        /// The PIN itself, hashed with the suite's PIN hash.
        case plain(String)
        /// The PIN's hash, already computed with the suite's PIN hash.
        case hash([UInt8])

        func hash(with algorithm: OTPAlgorithm) throws(OCRAError) -> [UInt8] {
            switch self {
            case .plain(let pin):
                return algorithm.digest(of: pin.utf8)
            case .hash(let hash):
                guard hash.count == algorithm.outputByteCount else {
                    throw .invalidPINHash(expectedBytes: algorithm.outputByteCount, actualBytes: hash.count)
                }
                return hash
            }
        }
    }

    /// The counter (`C`).
    public var counter: UInt64?
    /// The challenge question (`Q`), in the suite's format; numeric questions may use Persian digits.
    public var question: String
    /// The PIN (`P`).
    public var pin: PIN?
    /// The session information (`S`), at most the suite's length; shorter values are padded with leading zeros.
    public var sessionInfo: [UInt8]?
    /// The number of time steps since the Unix epoch (`T`); ``OCRASuite/timeSteps(at:)`` computes it.
    public var timeSteps: UInt64?

    /// Collects the inputs of one computation.
    public init(
        counter: UInt64? = nil,
        question: String,
        pin: PIN? = nil,
        sessionInfo: [UInt8]? = nil,
        timeSteps: UInt64? = nil
    ) {
        self.counter = counter
        self.question = question
        self.pin = pin
        self.sessionInfo = sessionInfo
        self.timeSteps = timeSteps
    }
}

/// Why an OCRA response could not be computed.
public enum OCRAError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The key is empty.
    case emptyKey
    /// The suite needs this input (counter, PIN, session or time) and none was given.
    case missingInput(String)
    /// This input was given but the suite does not use it.
    case unexpectedInput(String)
    /// The question does not fit the suite's format or the 128-byte field.
    case invalidQuestion(String)
    /// A PIN hash of the wrong length for the suite's PIN hash function.
    case invalidPINHash(expectedBytes: Int, actualBytes: Int)
    /// Session information longer than the suite's `Snnn`.
    case sessionInfoTooLong(maximum: Int, actual: Int)
    /// A time before 1970, which has no OCRA time step.
    case timeBeforeEpoch(Int64)

    /// A message naming the input that is wrong; never a key or PIN.
    public var description: String {
        switch self {
        case .emptyKey: "the OCRA key is empty"
        case .missingInput(let name): "the suite needs a \(name), and none was given"
        case .unexpectedInput(let name): "the suite does not use a \(name), but one was given"
        case .invalidQuestion(let reason): "invalid OCRA question: \(reason)"
        case .invalidPINHash(let expected, let actual):
            "the PIN hash must be \(expected) bytes for this suite, not \(actual)"
        case .sessionInfoTooLong(let maximum, let actual):
            "the session information is \(actual) bytes; this suite allows at most \(maximum)"
        case .timeBeforeEpoch(let time): "the time \(time) is before 1970-01-01"
        }
    }
}
