import Foundation
import PooyaIssuer
import Testing

/// A digest's 64 hex digits are stored as its 32 bytes (a request digest's 32 as its 16) and read back as the same
/// text; any other text is refused rather than stored as something that would read back differently.
struct StoredDigestTests {
    @Test func aDigestsHexRoundTripsThroughItsBytes() throws {
        let hex = "00ff10a9" + String(repeating: "7c", count: 28)
        let bytes = try StoredDigest.bytes(hex)
        #expect(bytes.count == 32 && bytes.prefix(4) == Data([0x00, 0xff, 0x10, 0xa9]))
        #expect(StoredDigest.hex(bytes) == hex)
    }

    @Test func aRequestDigestsHalfRoundTripsThroughItsSixteenBytes() throws {
        let hex = "a9" + String(repeating: "03", count: 15)
        let bytes = try StoredDigest.bytes(hex)
        #expect(bytes.count == 16 && bytes.first == 0xa9)
        #expect(StoredDigest.hex(bytes) == hex)
    }

    @Test(arguments: [
        "",
        String(repeating: "ab", count: 15),  // 30 digits
        String(repeating: "ab", count: 17),  // 34 digits
        String(repeating: "ab", count: 31),  // 62 digits
        String(repeating: "ab", count: 33),  // 66 digits
        String(repeating: "AB", count: 32),  // upper case would read back in lower case
        String(repeating: "ab", count: 31) + "ag",
        String(repeating: "ab", count: 31) + "٣",  // a Persian digit (two bytes in UTF-8) is not a hex digit
    ])
    func anythingElseIsRefused(text: String) {
        #expect(throws: StoredValueCorruption.self) { try StoredDigest.bytes(text) }
    }

    @Test func bytesOfAnyLengthReadBack() {
        #expect(StoredDigest.hex(Data("forged".utf8)) == "666f72676564")
    }
}
