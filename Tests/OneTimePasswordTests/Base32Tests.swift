import OneTimePassword
import Testing

struct Base32Tests {
    /// RFC 4648 §10.
    static let rfc4648: [(String, String)] = [
        ("", ""), ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="), ("foob", "MZXW6YQ="),
        ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI======"),
    ]

    @Test("RFC 4648 section 10 vectors", arguments: rfc4648)
    func rfc4648Vectors(plain: String, encoded: String) throws {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(try Base32.decode(encoded) == Array(plain.utf8))
        let unpadded = encoded.filter { $0 != "=" }
        #expect(Base32.encode(Array(plain.utf8), padded: false) == unpadded)
        #expect(try Base32.decode(unpadded) == Array(plain.utf8))
    }

    @Test func decodingIgnoresCaseAndSpaces() throws {
        let secret = Array("12345678901234567890".utf8)
        #expect(try Base32.decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq") == secret)
        #expect(try Base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ") == secret)
    }

    @Test func anyBytesRoundTrip() throws {
        var random = SeededGenerator(seed: 4648)
        for _ in 0..<1_000 {
            let bytes = random.bytes(count: Int.random(in: 0...100, using: &random))
            #expect(try Base32.decode(Base32.encode(bytes)) == bytes)
            #expect(try Base32.decode(Base32.encode(bytes, padded: false).lowercased()) == bytes)
        }
    }

    @Test(arguments: [
        ("MZXW1", Base32DecodingError.invalidCharacter("1", offset: 4)),
        ("MZ-XW", .invalidCharacter("-", offset: 2)),
        ("MZXW6=Y=", .characterAfterPadding(offset: 6)),
        ("M", .invalidLength(1)),
        ("MZX", .invalidLength(3)),
        ("MZXW6Y", .invalidLength(6)),
        ("MY=", .invalidPadding(1)),
        ("MZXW6YTB========", .invalidPadding(8)),
        ("MZ", .nonZeroTrailingBits),
    ])
    func malformedTextIsATypedError(text: String, expected: Base32DecodingError) {
        #expect(throws: expected) { try Base32.decode(text) }
    }
}

struct HexTests {
    @Test func hexRoundTripsInEitherCase() throws {
        #expect(try Hex.decode("3132 33AbcD") == [0x31, 0x32, 0x33, 0xAB, 0xCD])
        #expect(Hex.encode([0x00, 0xff, 0x10]) == "00ff10")
        let everyByte = (0...255).map(UInt8.init)
        let expected = everyByte.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        #expect(Hex.encode(everyByte) == expected.joined())
        #expect(try Hex.decode(Hex.encode(everyByte)) == everyByte)
        #expect(Hex.encode(AnySequence(everyByte)) == Hex.encode(everyByte), "a sequence that does not know its count")
        #expect(Hex.encode([UInt8]()) == "" && Hex.encode(AnySequence([UInt8]())) == "")
    }

    @Test func badHexIsATypedError() {
        #expect(throws: HexDecodingError.oddLength(3)) { try Hex.decode("abc") }
        #expect(throws: HexDecodingError.invalidCharacter("g", offset: 1)) { try Hex.decode("ag") }
        #expect(throws: HexDecodingError.invalidCharacter("۱", offset: 0)) { try Hex.decode("۱۲") }
    }
}

struct DecimalDigitsTests {
    @Test func persianAndArabicIndicDigitsBecomeLatin() {
        #expect(DecimalDigits.latin("۰۱۲۳۴۵۶۷۸۹") == "0123456789")
        #expect(DecimalDigits.latin("٠١٢٣٤٥٦٧٨٩") == "0123456789")
        #expect(DecimalDigits.latin("12۳٤") == "1234")
    }

    @Test(arguments: ["", " 1", "1-2", "١.٢", "x", "１"])
    func anythingButDigitsIsRefused(text: String) {
        #expect(DecimalDigits.latin(text) == nil)
    }
}

struct PersianDigitsTests {
    @Test func latinDigitsAreWrittenInPersian() {
        #expect(DecimalDigits.persian("کد 1234-5678, ۹") == "کد ۱۲۳۴-۵۶۷۸, ۹")
    }
}
