import OneTimePassword
import PooyaProtocol
import Testing

@testable import PooyaIssuer

/// ISO 9564-1's fields, read nibble by nibble, without a cipher.
struct ISO9564Tests {
    let pan = try! PAN(parsing: "6104337800000018")

    @Test func theCardNumbersFieldIsTwelveDigitsBeforeTheCheckDigitOrTheWholeNumberForFormatFour() {
        #expect(Hex.encode(ISO9564.panField(pan, format: .iso0)) == "0000433780000001")
        #expect(Hex.encode(ISO9564.panField(pan, format: .iso3)) == "0000433780000001")
        #expect(Hex.encode(ISO9564.panField(pan, format: .iso4)) == "46104337800000018000000000000000")
    }

    @Test(arguments: [
        ("041234FFFFFFFFFF", PINBlockFormat.iso0, "1234"),
        ("0C123456789012FF", .iso0, "123456789012"),
        ("371234567ABCDEFA", .iso3, "1234567"),
        ("471234567AAAAAAA0123456789ABCDEF", .iso4, "1234567"),
    ])
    func aWellFormedFieldGivesItsPIN(field: String, format: PINBlockFormat, pin: String) throws {
        let bytes = try Hex.decode(field)
        #expect(try ISO9564.pin(inField: bytes, format: format) == pin)
    }

    @Test(arguments: [
        ("141234FFFFFFFFFF", PINBlockFormat.iso0, PINBlockFault.undecipherable),  // control field of format 1
        ("031234FFFFFFFFFF", .iso0, .undecipherable),  // 3 digits
        ("0D1234FFFFFFFFFF", .iso0, .undecipherable),  // 13 digits
        ("041234FFFFFFFFFE", .iso0, .panMismatch),  // fill spoilt by another card's digit
        ("04123AFFFFFFFFFF", .iso0, .panMismatch),  // a PIN digit spoilt
        ("341234ABCDEF9ABC", .iso3, .panMismatch),  // fill below A
        ("341234FFFFFFFFFF", .iso0, .undecipherable),  // a format 3 field read as format 0
        ("441234AAAAAAAAAF0123456789ABCDEF", .iso4, .undecipherable),  // fill other than A
    ])
    func anythingElseIsRefusedSayingWhy(field: String, format: PINBlockFormat, fault: PINBlockFault) throws {
        let bytes = try Hex.decode(field)
        #expect(throws: fault) { try ISO9564.pin(inField: bytes, format: format) }
    }
}

/// The format 0 example published with ANSI X9.8 and reproduced in psec's documentation: PIN 1234, card number
/// 5544332211009966 (whose check digit is not Luhn's, so it is read here as fields, not as a card).
struct ISO9564PublishedExampleTests {
    @Test func theANSIExampleBlockXORItsCardFieldIsThePINField() throws {
        let clearBlock = try Hex.decode("041277CDDEEFF669")
        // Four zero nibbles and the 12 digits before the check digit: 433221100996.
        let cardField = try Hex.decode("0000433221100996")
        let pinField = zip(clearBlock, cardField).map { $0 ^ $1 }
        #expect(Hex.encode(pinField).uppercased() == "041234FFFFFFFFFF")
        #expect(try ISO9564.pin(inField: pinField, format: .iso0) == "1234")
    }
}
