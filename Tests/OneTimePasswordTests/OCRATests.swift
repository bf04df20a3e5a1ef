import OneTimePassword
import Testing

struct OCRATests {
    struct Row: Decodable, Sendable, CustomTestStringConvertible {
        var section: String
        var suite: String
        var keyHex: String
        var question: String
        var response: String
        var counter: UInt64?
        var pin: String?
        var timeStepsHex: String?
        var testDescription: String { "\(section) \(suite) Q=\(question)" + (counter.map { " C=\($0)" } ?? "") }
    }

    static let file: VectorFile<Row>? = try? loadVectors("rfc6287")

    @Test func theVectorFileIsPresent() throws {
        #expect(try #require(Self.file).vectors.count == 70)
    }

    @Test("RFC 6287 appendix C: one-way, mutual and signature", arguments: file?.vectors ?? [])
    func rfc6287Responses(row: Row) throws {
        let ocra = try OCRA(suite: OCRASuite(row.suite), key: hex(row.keyHex))
        let input = OCRAInput(
            counter: row.counter,
            question: row.question,
            pin: row.pin.map(OCRAInput.PIN.plain),
            timeSteps: row.timeStepsHex.flatMap { UInt64($0, radix: 16) }
        )
        #expect(try ocra.response(to: input) == row.response)
    }

    @Test func aPINHashGivesTheSameResponseAsThePIN() throws {
        let ocra = try OCRA(
            suite: OCRASuite("OCRA-1:HOTP-SHA256-8:QN08-PSHA1"),
            key: Array("12345678901234567890123456789012".utf8)
        )
        let pinHash = hex("7110eda4d09e062aa5e4a390b0a572ac0d2c0220")
        #expect(try ocra.response(to: .init(question: "00000000", pin: .hash(pinHash))) == "83238735")
        #expect(throws: OCRAError.invalidPINHash(expectedBytes: 20, actualBytes: 2)) {
            try ocra.response(to: .init(question: "00000000", pin: .hash([1, 2])))
        }
    }

    @Test func theTimeStepCountsWholeStepsSinceTheEpoch() throws {
        let suite = try OCRASuite("OCRA-1:HOTP-SHA512-8:QN08-T1M")
        #expect(try suite.timeSteps(at: 1_206_446_760) == 0x132D0B6)
        #expect(try suite.timeSteps(at: 1_206_446_819) == 0x132D0B6)
        #expect(throws: OCRAError.timeBeforeEpoch(-1)) { try suite.timeSteps(at: -1) }
        #expect(throws: OCRAError.unexpectedInput("time")) { try OCRASuite("OCRA-1:HOTP-SHA1-6:QN08").timeSteps(at: 0) }
    }

    @Test func aNumericQuestionMayUsePersianDigits() throws {
        let ocra = try OCRA(suite: OCRASuite("OCRA-1:HOTP-SHA1-6:QN08"), key: Array("12345678901234567890".utf8))
        #expect(try ocra.response(to: .init(question: "۱۱۱۱۱۱۱۱")) == "243178")
    }

    @Test func missingAndUnexpectedInputsAreNamed() throws {
        let key = Array("12345678901234567890".utf8)
        let counterSuite = try OCRA(suite: OCRASuite("OCRA-1:HOTP-SHA1-6:C-QN08"), key: key)
        #expect(throws: OCRAError.missingInput("counter")) { try counterSuite.response(to: .init(question: "1")) }
        let plain = try OCRA(suite: OCRASuite("OCRA-1:HOTP-SHA1-6:QN08"), key: key)
        #expect(throws: OCRAError.unexpectedInput("counter")) {
            try plain.response(to: .init(counter: 1, question: "1"))
        }
        #expect(throws: OCRAError.unexpectedInput("PIN")) {
            try plain.response(to: .init(question: "1", pin: .plain("1")))
        }
        let timed = try OCRA(suite: OCRASuite("OCRA-1:HOTP-SHA1-6:QN08-T30S"), key: key)
        #expect(throws: OCRAError.missingInput("time")) { try timed.response(to: .init(question: "1")) }
    }

    @Test func sessionInformationIsLeftPaddedToItsLength() throws {
        let key = Array("12345678901234567890".utf8)
        let ocra = try OCRA(suite: OCRASuite("OCRA-1:HOTP-SHA1-6:QA08-S004"), key: key)
        let short = try ocra.response(to: .init(question: "ABCD", sessionInfo: [0xAB]))
        let padded = try ocra.response(to: .init(question: "ABCD", sessionInfo: [0, 0, 0, 0xAB]))
        #expect(short == padded)
        #expect(throws: OCRAError.sessionInfoTooLong(maximum: 4, actual: 5)) {
            try ocra.response(to: .init(question: "ABCD", sessionInfo: [1, 2, 3, 4, 5]))
        }
    }

    @Test(arguments: [
        ("OCRA-1:HOTP-SHA1-6:QN08", "1234a"), ("OCRA-1:HOTP-SHA1-6:QH08", "xyz"),
        ("OCRA-1:HOTP-SHA1-6:QA08", "سلام"), ("OCRA-1:HOTP-SHA1-6:QA08", ""),
        ("OCRA-1:HOTP-SHA1-6:QN64", String(repeating: "9", count: 310)),
        ("OCRA-1:HOTP-SHA1-6:QH64", String(repeating: "f", count: 257)),
    ])
    func aQuestionOutsideItsFormatIsRefused(suite: String, question: String) throws {
        let ocra = try OCRA(suite: OCRASuite(suite), key: [1])
        #expect {
            try ocra.response(to: .init(question: question))
        } throws: { error in
            if case .invalidQuestion = error as? OCRAError { true } else { false }
        }
    }

    @Test func theLargestNumericAndHexQuestionsFit() throws {
        let ocra = try OCRA(suite: OCRASuite("OCRA-1:HOTP-SHA1-6:QH64"), key: [1])
        #expect(try ocra.response(to: .init(question: String(repeating: "f", count: 256))).count == 6)
        let numeric = try OCRA(suite: OCRASuite("OCRA-1:HOTP-SHA1-6:QN64"), key: [1])
        #expect(try numeric.response(to: .init(question: String(repeating: "9", count: 64))).count == 6)
    }

    @Test func aSuiteWithoutTruncationAnswersTheWholeMACInHex() throws {
        let ocra = try OCRA(suite: OCRASuite("OCRA-1:HOTP-SHA256-0:QA08"), key: [1, 2, 3])
        let response = try ocra.response(to: .init(question: "HELLO"))
        #expect(response.count == 64)
        #expect(response.allSatisfy { $0.isHexDigit })
    }

    @Test func anEmptyKeyIsRefusedAndTheKeyIsNeverShown() throws {
        let suite = try OCRASuite("OCRA-1:HOTP-SHA1-6:QN08")
        #expect(throws: OCRAError.emptyKey) { try OCRA(suite: suite, key: [UInt8]()) }
        var dumped = ""
        dump(try OCRA(suite: suite, key: Array("TOPSECRET".utf8)), to: &dumped)
        #expect(!dumped.contains("TOPSECRET"))
    }
}
