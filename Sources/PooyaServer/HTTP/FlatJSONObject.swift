import NIOCore

/// A JSON object of strings, booleans and integers only, read strictly from its bytes: what a payment switch sends to
/// the hot route, read without Foundation's decoder. It reads only text that Foundation's `JSONDecoder` reads the same
/// way; anything else — `null`, a nested value, a fraction or exponent, an escape in a string, a control character,
/// invalid UTF-8, a repeated name, an integer beyond 64 bits, anything after the object — is `nil`, for the
/// generated decoder to read and, when it must, refuse with its precise problem.
struct FlatJSONObject {
    /// A member's value.
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case integer(Int64)

        /// The string, if it is one.
        var string: String? { if case .string(let value) = self { value } else { nil } }
        /// The boolean, if it is one.
        var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
        /// The integer, if it is one.
        var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
    }

    /// The members, by name.
    private(set) var members: [String: Value] = [:]

    /// The object `buffer`'s readable bytes hold, or `nil` when they hold anything else.
    init?(_ buffer: ByteBuffer) {
        let parsed = buffer.withUnsafeReadableBytes { raw in
            var reader = Reader(bytes: raw.assumingMemoryBound(to: UInt8.self))
            return reader.object()
        }
        guard let parsed else { return nil }
        members = parsed
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func object() -> [String: Value]? {
            skipWhitespace()
            guard take(UInt8(ascii: "{")) else { return nil }
            var members: [String: Value] = [:]
            skipWhitespace()
            if !take(UInt8(ascii: "}")) {
                repeat {
                    skipWhitespace()
                    guard let name = string() else { return nil }
                    skipWhitespace()
                    guard take(UInt8(ascii: ":")) else { return nil }
                    skipWhitespace()
                    guard let value = value(), members.updateValue(value, forKey: name) == nil else { return nil }
                    skipWhitespace()
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { return nil }
            }
            skipWhitespace()
            return index == bytes.count ? members : nil
        }

        private mutating func value() -> Value? {
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
            default: return integer().map(Value.integer)
            }
        }

        /// A string without escapes or control characters, as valid UTF-8.
        private mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                guard bytes[index] >= 0x20, bytes[index] != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return String(validating: bytes[start..<index], as: UTF8.self)
        }

        /// An integer as JSON writes one (no leading zeros, no fraction or exponent) that fits in 64 bits.
        private mutating func integer() -> Int64? {
            let negative = take(UInt8(ascii: "-"))
            let start = index
            var value: Int64 = 0
            while index < bytes.count, let digit = Self.digit(bytes[index]) {
                let (shifted, overflowed) = value.multipliedReportingOverflow(by: 10)
                let (next, overflowedAgain) =
                    negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
                guard !overflowed, !overflowedAgain else { return nil }
                value = next
                index += 1
            }
            let digits = index - start
            guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
            guard index == bytes.count || Self.endsAValue(bytes[index]) else { return nil }
            return value
        }

        private mutating func word(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { return false }
            index += count
            return index == bytes.count || Self.endsAValue(bytes[index])
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func skipWhitespace() {
            while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        }

        private static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        }

        private static func endsAValue(_ byte: UInt8) -> Bool {
            isWhitespace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}")
        }

        private static func digit(_ byte: UInt8) -> Int64? {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int64(byte - UInt8(ascii: "0")) : nil
        }
    }
}
