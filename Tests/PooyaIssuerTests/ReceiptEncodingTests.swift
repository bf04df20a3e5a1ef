import Foundation
import Testing

@testable import PooyaIssuer

/// The base64url a receipt's segments are written in, against Foundation's base64 for every remainder.
struct ReceiptEncodingTests {
    @Test(arguments: 0..<12)
    func base64URLIsBase64WithTheURLAlphabetAndNoPadding(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 97 + 251) }
        let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        #expect(Base64URL.encode(bytes) == expected)
        #expect(Base64URL.decode(expected) == Data(bytes))
    }

    @Test func whatIsNotUnpaddedBase64URLDoesNotDecode() {
        for text in ["a", "ab=", "ab+/", "a b", "abcde"] { #expect(Base64URL.decode(text) == nil, "\(text)") }
    }
}
