/// A JSON object written member by member in the order given, for what a signature covers: the same members always
/// give the same bytes. Strings are escaped as RFC 8259 requires (quote, backslash, control characters) and
/// otherwise written as their UTF-8.
struct CanonicalJSON {
    private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]

    /// An empty object.
    init() { bytes.reserveCapacity(320) }

    /// Appends a string member.
    mutating func member(_ key: StaticString, _ value: String) {
        name(key)
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(Self.hexDigit(byte >> 4))
                bytes.append(Self.hexDigit(byte & 15))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends an integer member.
    mutating func member(_ key: StaticString, _ value: Int64) {
        name(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// The object, closed.
    var closed: [UInt8] {
        var object = bytes
        object.append(UInt8(ascii: "}"))
        return object
    }

    private mutating func name(_ key: StaticString) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
