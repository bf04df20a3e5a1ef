/// Hexadecimal text for keys and challenges, as RFC test vectors and `oathtool` write them.
public enum Hex {
    /// Decodes an even number of hex digits in either case; spaces are ignored.
    ///
    /// - Throws: ``HexDecodingError`` naming the first bad character or an odd length.
    public static func decode(_ text: some StringProtocol) throws(HexDecodingError) -> [UInt8] {
        let nibbles = try nibbles(text)
        guard nibbles.count.isMultiple(of: 2) else { throw .oddLength(nibbles.count) }
        return stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
    }

    /// The values (0–15) of the hex digits in `text`, spaces ignored; any count, even or odd.
    public static func nibbles(_ text: some StringProtocol) throws(HexDecodingError) -> [UInt8] {
        var nibbles: [UInt8] = []
        nibbles.reserveCapacity(text.utf8.count)
        for (offset, character) in text.enumerated() where character != " " {
            guard let value = character.hexDigitValue, character.isASCII else {
                throw .invalidCharacter(character, offset: offset)
            }
            nibbles.append(UInt8(value))
        }
        return nibbles
    }

    /// Lower-case hex digits for `bytes`.
    @inlinable
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.withContiguousStorageIfAvailable(encode(buffer:))
            ?? Array(bytes).withUnsafeBufferPointer(encode(buffer:))
    }

    /// Lower-case hex digits for bytes in memory, written straight into the string's storage.
    @usableFromInline
    static func encode(buffer bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            for (offset, byte) in bytes.enumerated() {
                output[2 * offset] = digit(byte >> 4)
                output[2 * offset + 1] = digit(byte & 0x0f)
            }
            return bytes.count * 2
        }
    }

    /// The ASCII lower-case hex digit for a value 0–15.
    private static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}

/// Why hexadecimal text could not be decoded.
public enum HexDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A character that is not 0–9, a–f or A–F, with its position (0-based, spaces counted).
    case invalidCharacter(Character, offset: Int)
    /// An odd number of hex digits, which is not a whole number of bytes.
    case oddLength(Int)

    /// A message that says what was wrong and where.
    public var description: String {
        switch self {
        case .invalidCharacter(let character, let offset):
            "invalid hex character '\(character)' at position \(offset + 1); use 0–9 and a–f"
        case .oddLength(let count):
            "invalid hex: \(count) digits is an odd number; two digits make one byte"
        }
    }
}
