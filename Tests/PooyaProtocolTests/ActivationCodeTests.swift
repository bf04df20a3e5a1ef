import PooyaProtocol
import Testing

struct ActivationCodeTests {
    @Test func aReceiptPartIsEightDigitsInAnyDigitSet() throws {
        #expect(try ReceiptPart(parsing: "۱۲۳۴ ۵۶۷۱").digits == "12345671")
        #expect(try ReceiptPart(parsing: "١٢٣٤-٥٦٧١").digits == "12345671")
        #expect(throws: ActivationCodeError.wrongLength(part: .receipt, expected: 8, actual: 7)) {
            try ReceiptPart(parsing: "1234567")
        }
        #expect(throws: ActivationCodeError.notDigits(part: .receipt)) { try ReceiptPart(parsing: "1234567a") }
    }

    @Test func aReceiptPartsCheckDigitCatchesEveryMistypedDigitAndEverySwap() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let part = ReceiptPart.random(using: &random)
            #expect(try ReceiptPart(parsing: part.digits) == part)
            let digits = Array(part.digits)
            for index in digits.indices {
                for other in "0123456789" where other != digits[index] {
                    var typo = digits
                    typo[index] = other
                    #expect(throws: ActivationCodeError.checkDigitMismatch(part: .receipt)) {
                        try ReceiptPart(parsing: String(typo))
                    }
                }
                if index > 0, digits[index] != digits[index - 1] {
                    var swapped = digits
                    swapped.swapAt(index, index - 1)
                    #expect(throws: ActivationCodeError.checkDigitMismatch(part: .receipt)) {
                        try ReceiptPart(parsing: String(swapped))
                    }
                }
            }
        }
    }

    @Test func aTypoIsExplainedInPersianNamingThePartAndNeverItsDigits() {
        let typo = ActivationCodeError.checkDigitMismatch(part: .receipt)
        #expect(typo.persianDescription.contains("کد رسید یا صفحه"))
        #expect(typo.description == "the receipt code has a typo: a digit is wrong or two are swapped")
        let length = ActivationCodeError.wrongLength(part: .sms, expected: 26, actual: 25)
        #expect(length.persianDescription == "کد پیامک 25 رقم دارد؛ باید 26 رقم باشد")
    }

    @Test func aRandomSMSPartCarriesItsCheckDigitAndReadsBackFromItsGroupedForm() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let part = SMSPart.random(using: &random)
            #expect(part.digits.count == 26)
            #expect(try SMSPart(parsing: part.grouped) == part)
            #expect(part.grouped.split(separator: "-").count == 7)
        }
    }

    @Test func theCheckDigitCatchesEverySingleDigitTypoAndEveryAdjacentSwap() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let digits = Array(SMSPart.random(using: &random).digits)
            for position in digits.indices {
                for replacement in "0123456789" where replacement != digits[position] {
                    var typo = digits
                    typo[position] = replacement
                    #expect(throws: ActivationCodeError.checkDigitMismatch(part: .sms)) {
                        try SMSPart(parsing: String(typo))
                    }
                }
                if position + 1 < digits.count, digits[position] != digits[position + 1] {
                    var swapped = digits
                    swapped.swapAt(position, position + 1)
                    #expect(throws: ActivationCodeError.checkDigitMismatch(part: .sms)) {
                        try SMSPart(parsing: String(swapped))
                    }
                }
            }
        }
    }

    @Test func partsNeverPrintTheirDigits() throws {
        var random = SystemRandomNumberGenerator()
        let code = ActivationCode(receipt: .random(using: &random), sms: .random(using: &random))
        for text in [String(describing: code), String(describing: code.receipt), String(describing: code.sms)] {
            #expect(!text.contains(code.receipt.digits) && !text.contains(code.sms.digits.prefix(6)))
        }
    }

    @Test func theLookupIDAndKeyDependOnBothParts() throws {
        let receipt = try ReceiptPart(parsing: "12345671")
        var random = SystemRandomNumberGenerator()
        let sms = SMSPart.random(using: &random)
        let code = ActivationCode(receipt: receipt, sms: sms)
        let otherReceipt = ActivationCode(receipt: try ReceiptPart(parsing: "12345683"), sms: sms)
        let otherSMS = ActivationCode(receipt: receipt, sms: .random(using: &random))
        #expect(code.lookupID.count == 32)
        #expect(Set([code.lookupID, otherReceipt.lookupID, otherSMS.lookupID]).count == 3)
        #expect(code.lookupID == ActivationCode(receipt: receipt, sms: sms).lookupID)
    }

    @Test func aQRPayloadCarriesSerialAndScreenPartAndReadsBack() throws {
        var random = SystemRandomNumberGenerator()
        let reference = ActivationReference(serial: .random(using: &random), receipt: .random(using: &random))
        #expect(reference.qrPayload.hasPrefix("pooya://activate?v=1&serial="))
        #expect(try ActivationReference(qrPayload: reference.qrPayload) == reference)
        #expect(try ActivationReference(serial: reference.serial.digits, code: reference.receipt.digits) == reference)
    }

    @Test(arguments: [
        "https://example.com", "pooya://activate?v=2&serial=1&code=1", "pooya://activate?v=1&serial=1234567890",
        "pooya://activate?v=1&serial&code=12345678",
    ])
    func aMalformedQRPayloadIsRefused(payload: String) {
        #expect(throws: ActivationCodeError.self) { try ActivationReference(qrPayload: payload) }
    }

    @Test func aMistypedSerialIsCaught() throws {
        var random = SystemRandomNumberGenerator()
        let serial = TicketSerial.random(using: &random)
        var digits = Array(serial.digits)
        digits[3] = digits[3] == "0" ? "1" : "0"
        #expect(throws: ActivationCodeError.checkDigitMismatch(part: .serial)) {
            try TicketSerial(parsing: String(digits))
        }
    }
}
