import Foundation

/// The text of an SMS as Kannel's `get-url` passes it on: the message's bytes (`%b`, percent-encoded) with their
/// coding (`%c`: 0 GSM, 1 8-bit data, 2 UCS-2) and charset (`%C`, such as `UTF-16BE`). A Persian keyboard sends
/// UCS-2, whose bytes are UTF-16BE and are not UTF-8; this reads them into a string.
enum KannelText {
    /// RFC 3986's unreserved characters, the only ones a rewritten query value keeps unescaped.
    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )

    /// The string the bytes stand for, or `nil` when they are not valid in their charset.
    static func decode(_ bytes: [UInt8], coding: String?, charset: String?) -> String? {
        switch charset?.uppercased() {
        case "UTF-16BE", "UCS-2", "UCS-2BE", "UTF-16": return utf16BigEndian(bytes)
        case "UTF-8": return String(validating: bytes, as: UTF8.self)
        case "ISO-8859-1", "WINDOWS-1252", "LATIN1": return latin1(bytes)
        default:
            if coding == "2" { return utf16BigEndian(bytes) }
            // GSM text reaches smsbox converted to an 8-bit set (or to UTF-8 with mo-recode); digits and Latin
            // letters read the same in all of them.
            return String(validating: bytes, as: UTF8.self) ?? latin1(bytes)
        }
    }

    private static func utf16BigEndian(_ bytes: [UInt8]) -> String? {
        guard bytes.count.isMultiple(of: 2) else { return nil }
        let units = stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        return String(validating: units, as: UTF16.self)
    }

    private static func latin1(_ bytes: [UInt8]) -> String {
        String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// The bytes a percent-encoded query value stands for (`+` is a space), or `nil` for a malformed escape.
    static func percentDecoded(_ value: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        var iterator = value.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        Character(Unicode.Scalar(byte)).hexDigitValue.map(UInt8.init)
    }
}
