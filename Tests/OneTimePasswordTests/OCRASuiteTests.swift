import OneTimePassword
import Testing

struct OCRASuiteTests {
    @Test func aFullSuiteIsReadPartByPart() throws {
        let suite = try OCRASuite("OCRA-1:HOTP-SHA512-10:C-QH40-PSHA256-S128-T12H")
        #expect(suite.algorithm == .sha512)
        #expect(suite.digits == 10)
        #expect(suite.usesCounter)
        #expect(suite.challenge.format == .hexadecimal)
        #expect(suite.challenge.maxLength == 40)
        #expect(suite.pinHash == .sha256)
        #expect(suite.sessionInfoLength == 128)
        #expect(suite.timeStep == .hours(12))
        #expect(suite.timeStep?.seconds == 43_200)
        #expect(suite.description == "OCRA-1:HOTP-SHA512-10:C-QH40-PSHA256-S128-T12H")
    }

    @Test(arguments: [
        "OCRA-1:HOTP-SHA1-6:QN08", "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", "OCRA-1:HOTP-SHA512-8:QN08-T1M",
        "OCRA-1:HOTP-SHA256-8:QA08", "OCRA-1:HOTP-SHA512-8:QA10-T1M", "OCRA-1:HOTP-SHA1-4:QA04",
        "OCRA-1:HOTP-SHA1-0:QH64", "OCRA-1:HOTP-SHA256-6:C-QA64-PSHA512-S512-T59S", "OCRA-1:HOTP-SHA1-6:QN08-S064",
        "OCRA-1:HOTP-SHA1-6:QN08-T48H", "OCRA-1:HOTP-SHA1-6:QN08-T59M", "OCRA-1:HOTP-SHA1-6:C-QN08-T1S",
    ])
    func validSuitesParse(text: String) throws {
        #expect(try OCRASuite(text).text == text)
    }

    @Test(arguments: [
        ("OCRA-1:HOTP-SHA1-6", OCRASuiteError.wrongShape("OCRA-1:HOTP-SHA1-6")),
        ("OCRA-1:HOTP-SHA1-6:QN08:X", .wrongShape("OCRA-1:HOTP-SHA1-6:QN08:X")),
        ("OCRA-2:HOTP-SHA1-6:QN08", .unsupportedVersion("OCRA-2")),
        ("ocra-1:HOTP-SHA1-6:QN08", .unsupportedVersion("ocra-1")),
        ("OCRA-1:HOTP-MD5-6:QN08", .invalidCryptoFunction("HOTP-MD5-6")),
        ("OCRA-1:HOTP-SHA1-3:QN08", .invalidCryptoFunction("HOTP-SHA1-3")),
        ("OCRA-1:HOTP-SHA1-11:QN08", .invalidCryptoFunction("HOTP-SHA1-11")),
        ("OCRA-1:HOTP-SHA1-+8:QN08", .invalidCryptoFunction("HOTP-SHA1-+8")),
        ("OCRA-1:TOTP-SHA1-6:QN08", .invalidCryptoFunction("TOTP-SHA1-6")),
        ("OCRA-1:HOTP-SHA1-6:C", .missingChallenge),
        ("OCRA-1:HOTP-SHA1-6:", .invalidDataInput(component: "", reason: challengeReason)),
        ("OCRA-1:HOTP-SHA1-6:QX08", .invalidDataInput(component: "QX08", reason: challengeReason)),
        ("OCRA-1:HOTP-SHA1-6:QN03", .invalidDataInput(component: "QN03", reason: challengeReason)),
        ("OCRA-1:HOTP-SHA1-6:QN65", .invalidDataInput(component: "QN65", reason: challengeReason)),
        ("OCRA-1:HOTP-SHA1-6:QN8", .invalidDataInput(component: "QN8", reason: challengeReason)),
        ("OCRA-1:HOTP-SHA1-6:QN08-PMD5", .invalidDataInput(component: "PMD5", reason: pinReason)),
        ("OCRA-1:HOTP-SHA1-6:QN08-S64", .invalidDataInput(component: "S64", reason: sessionReason)),
        ("OCRA-1:HOTP-SHA1-6:QN08-S000", .invalidDataInput(component: "S000", reason: sessionReason)),
        ("OCRA-1:HOTP-SHA1-6:QN08-T60S", .invalidDataInput(component: "T60S", reason: timeReason)),
        ("OCRA-1:HOTP-SHA1-6:QN08-T0H", .invalidDataInput(component: "T0H", reason: timeReason)),
        ("OCRA-1:HOTP-SHA1-6:QN08-T49H", .invalidDataInput(component: "T49H", reason: timeReason)),
        ("OCRA-1:HOTP-SHA1-6:QN08-T1D", .invalidDataInput(component: "T1D", reason: timeReason)),
        ("OCRA-1:HOTP-SHA1-6:QN08-T01M", .invalidDataInput(component: "T01M", reason: timeReason)),
        ("OCRA-1:HOTP-SHA1-6:QN08-T1M-PSHA1", .invalidDataInput(component: "PSHA1", reason: orderReason)),
        ("OCRA-1:HOTP-SHA1-6:QN08-C", .invalidDataInput(component: "C", reason: orderReason)),
        ("OCRA-1:HOTP-SHA1-6:QN08-QN08", .invalidDataInput(component: "QN08", reason: orderReason)),
        ("OCRA-1:HOTP-SHA1-6:QN08-X", .invalidDataInput(component: "X", reason: orderReason)),
    ])
    func invalidSuitesNameTheBadPart(text: String, expected: OCRASuiteError) {
        #expect(throws: expected) { try OCRASuite(text) }
    }

    @Test func everyErrorMessageQuotesThePartItNames() {
        let error = OCRASuiteError.invalidDataInput(component: "T60S", reason: timeReason)
        #expect(error.description.contains("'T60S'"))
        #expect(OCRASuiteError.invalidCryptoFunction("HOTP-MD5-6").description.contains("'HOTP-MD5-6'"))
    }
}

private let challengeReason = "a challenge is Q, then A, N or H, then a length 04–64, such as QN08"
private let pinReason = "a PIN hash is PSHA1, PSHA256 or PSHA512"
private let sessionReason = "session information is S and a length of three digits, such as S064"
private let timeReason = "a time step is T and 1–59S, 1–59M or 1–48H, such as T1M"
private let orderReason = "unknown, repeated or out of order: the order is [C-]Q…[-P…][-S…][-T…]"
