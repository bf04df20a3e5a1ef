/// Base32 as RFC 4648 §6 defines it (alphabet `A–Z2–7`), the encoding otpauth URIs use for secrets.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Encodes `bytes`, with `=` padding to a multiple of 8 characters unless `padded` is `false`.
    public static func encode(_ bytes: some Sequence<UInt8>, padded: Bool = true) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bitCount += 8
            while bitCount >= 5 {
                bitCount -= 5
                output.append(alphabet[Int(buffer >> UInt32(bitCount) & 0x1f)])
            }
        }
        if bitCount > 0 {
            output.append(alphabet[Int(buffer << UInt32(5 - bitCount) & 0x1f)])
        }
        if padded {
            while output.count % 8 != 0 { output.append(UInt8(ascii: "=")) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes `text`: letters in either case, spaces ignored, `=` padding optional but correct when present.
    ///
    /// - Throws: ``Base32DecodingError`` naming the first offending character or the bad length. Bits left over
    ///   after the last whole byte must be zero, so a mistyped last character is caught rather than ignored.
    public static func decode(_ text: some StringProtocol) throws(Base32DecodingError) -> [UInt8] {
        var values: [UInt8] = []
        var paddingCount = 0
        for (offset, character) in text.enumerated() where character != " " {
            if character == "=" {
                paddingCount += 1
                continue
            }
            guard paddingCount == 0 else { throw .characterAfterPadding(offset: offset) }
            guard let value = value(of: character) else { throw .invalidCharacter(character, offset: offset) }
            values.append(value)
        }
        try checkLength(symbols: values.count, padding: paddingCount)

        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 5 / 8)
        var buffer: UInt32 = 0
        var bitCount = 0
        for value in values {
            buffer = buffer << 5 | UInt32(value)
            bitCount += 5
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bitCount)))
            }
        }
        guard buffer & ((1 << UInt32(bitCount)) - 1) == 0 else { throw .nonZeroTrailingBits }
        return bytes
    }

    private static func value(of character: Character) -> UInt8? {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return ascii - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return ascii - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): return ascii - UInt8(ascii: "2") + 26
        default: return nil
        }
    }

    /// A final group of 8 symbols holds 1–5 bytes, i.e. 2, 4, 5, 7 or 8 symbols; padding, when present,
    /// fills the group exactly.
    private static func checkLength(symbols: Int, padding: Int) throws(Base32DecodingError) {
        let remainder = symbols % 8
        guard [0, 2, 4, 5, 7].contains(remainder) else { throw .invalidLength(symbols) }
        guard padding == 0 || (remainder != 0 && remainder + padding == 8) else {
            throw .invalidPadding(padding)
        }
    }
}

/// Why a Base32 string could not be decoded.
public enum Base32DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A character outside the Base32 alphabet, with its position (0-based, spaces counted).
    case invalidCharacter(Character, offset: Int)
    /// A symbol after the `=` padding began.
    case characterAfterPadding(offset: Int)
    /// A number of symbols that no whole number of bytes encodes (1, 3 or 6 more than a multiple of 8).
    case invalidLength(Int)
    /// `=` padding of the wrong length for the symbols before it.
    case invalidPadding(Int)
    /// The last symbol carries bits beyond the last byte that are not zero: usually a mistyped last character.
    case nonZeroTrailingBits

    /// A message that says what was wrong and where.
    public var description: String {
        switch self {
        case .invalidCharacter(let character, let offset):
            "invalid Base32 character '\(character)' at position \(offset + 1); use A–Z and 2–7"
        case .characterAfterPadding(let offset):
            "invalid Base32: a character at position \(offset + 1) follows the '=' padding"
        case .invalidLength(let count):
            "invalid Base32 length: \(count) characters cannot encode whole bytes"
        case .invalidPadding(let count):
            "invalid Base32 padding: \(count) '=' do not complete the last group of 8"
        case .nonZeroTrailingBits:
            "invalid Base32: the last character has bits set beyond the last byte (a typo?)"
        }
    }
}
