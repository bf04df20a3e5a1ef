import OneTimePassword
import Testing

struct HOTPTests {
    struct Row: Decodable, Sendable, CustomTestStringConvertible {
        var counter: UInt64
        var truncated: UInt32
        var hotp: String
        var testDescription: String { "counter \(counter)" }
    }

    static let file: VectorFile<Row>? = try? loadVectors("rfc4226")
    static let secret = Array("12345678901234567890".utf8)

    @Test func theVectorFileIsPresent() throws {
        let file = try #require(Self.file)
        #expect(file.vectors.count == 10)
        #expect(Hex.encode(Self.secret) == "3132333435363738393031323334353637383930")
    }

    @Test("RFC 4226 appendix D: six-digit codes", arguments: file?.vectors ?? [])
    func rfc4226Codes(row: Row) throws {
        #expect(try HOTP(secret: Self.secret).code(counter: row.counter) == row.hotp)
    }

    @Test("RFC 4226 appendix D: a ten-digit code is the whole truncated value", arguments: file?.vectors ?? [])
    func rfc4226TruncatedValues(row: Row) throws {
        let code = try HOTP(secret: Self.secret, digits: 10).code(counter: row.counter)
        #expect(code == String(row.truncated).leftPadded(to: 10))
    }

    @Test func codesKeepTheirLeadingZeros() throws {
        // RFC 6238's SHA-1 code at 1111111109 is 07081804: the counter is 0x23523EC.
        #expect(try HOTP(secret: Self.secret, digits: 8).code(counter: 0x23523EC) == "07081804")
    }

    @Test func everyCounterUpToTheLargestHasACode() throws {
        let hotp = try HOTP(secret: Self.secret, digits: 7)
        for counter: UInt64 in [.max, .max - 1, 1 << 63] {
            #expect(hotp.code(counter: counter).count == 7)
        }
        #expect(hotp.code(counter: .max) != hotp.code(counter: .max - 1))
    }

    @Test(arguments: [0, 5, 11, -6])
    func aLengthOutsideSixToTenIsRefused(digits: Int) {
        #expect(throws: OTPError.digitsOutOfRange(digits)) { try HOTP(secret: Self.secret, digits: digits) }
    }

    @Test func anEmptySecretIsRefused() {
        #expect(throws: OTPError.emptySecret) { try HOTP(secret: [UInt8]()) }
    }

    @Test func aCodeAlwaysHasTheRequestedLengthAndOnlyDigits() throws {
        var random = SeededGenerator(seed: 4226)
        for _ in 0..<2_000 {
            let digits = Int.random(in: 6...10, using: &random)
            let algorithm = OTPAlgorithm.allCases.randomElement(using: &random)!
            let secret = random.bytes(count: Int.random(in: 1...80, using: &random))
            let code = try HOTP(secret: secret, digits: digits, algorithm: algorithm)
                .code(counter: random.next())
            #expect(code.count == digits)
            #expect(code.utf8.allSatisfy { (0x30...0x39).contains($0) })
        }
    }

    @Test func theLookAheadWindowFindsALaterCounter() throws {
        let hotp = try HOTP(secret: Self.secret)
        #expect(hotp.matchingCounter(for: "162583", from: 5, lookAhead: 3) == 7)
        #expect(hotp.matchingCounter(for: "162583", from: 5, lookAhead: 1) == nil)
        #expect(hotp.matchingCounter(for: "162583", from: 8, lookAhead: 10) == nil)
    }

    @Test func theLookAheadWindowStopsAtTheLargestCounter() throws {
        let hotp = try HOTP(secret: Self.secret)
        let code = hotp.code(counter: .max)
        #expect(hotp.matchingCounter(for: code, from: .max - 1, lookAhead: 10) == .max)
    }

    @Test func neitherDescriptionNorMirrorShowsTheSecret() throws {
        let secret = Array("SECRET-SEED-BYTES-XYZ".utf8)
        let hotp = try HOTP(secret: secret, digits: 8, algorithm: .sha256)
        var dumped = ""
        dump(hotp, to: &dumped)
        for text in [String(describing: hotp), String(reflecting: hotp), dumped] {
            #expect(!text.contains("SECRET"))
            #expect(!text.contains(Hex.encode(secret)))
        }
        #expect(String(describing: hotp) == "HOTP(SHA256, 8 digits)")
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
