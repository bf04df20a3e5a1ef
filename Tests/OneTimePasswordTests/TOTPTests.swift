import OneTimePassword
import Testing

struct TOTPTests {
    struct Row: Decodable, Sendable, CustomTestStringConvertible {
        var time: Int64
        var utc: String
        var step: String
        var algorithm: String
        var secretHex: String
        var totp: String
        var testDescription: String { "\(algorithm) at \(time) (\(utc))" }
    }

    static let file: VectorFile<Row>? = try? loadVectors("rfc6238")
    static let secret = Array("12345678901234567890".utf8)

    @Test func theVectorFileIsPresent() throws {
        #expect(try #require(Self.file).vectors.count == 18)
    }

    @Test("RFC 6238 appendix B, including times after 2038", arguments: file?.vectors ?? [])
    func rfc6238Codes(row: Row) throws {
        let algorithm = try #require(OTPAlgorithm(name: row.algorithm))
        let totp = try TOTP(secret: hex(row.secretHex), digits: 8, algorithm: algorithm)
        #expect(try totp.code(at: row.time) == row.totp)
        #expect(try totp.step(at: row.time) == UInt64(row.step, radix: 16))
    }

    @Test func theBankProfileOfSevenDigitsEverySixtySecondsMatchesOathtool() throws {
        // oathtool --totp -d 7 -s 60 --now "2025-03-21 12:00:00 UTC" 3132…3930 prints 7903762.
        let totp = try TOTP(secret: Self.secret, digits: 7, period: 60)
        #expect(try totp.code(at: 1_742_558_400) == "7903762")
    }

    @Test func aTimeBeforeTheStartTimeIsATypedError() throws {
        let totp = try TOTP(secret: Self.secret, startTime: 1_000)
        #expect(throws: OTPError.timeBeforeStart(time: 999, startTime: 1_000)) { try totp.code(at: 999) }
        #expect(throws: OTPError.timeBeforeStart(time: -1, startTime: 0)) {
            try TOTP(secret: Self.secret).step(at: -1)
        }
    }

    @Test func theStartTimeShiftsTheSteps() throws {
        let shifted = try TOTP(secret: Self.secret, digits: 8, period: 30, startTime: -1_000)
        let plain = try TOTP(secret: Self.secret, digits: 8, period: 30)
        #expect(try shifted.step(at: -1_000) == 0)
        #expect(try shifted.step(at: -971) == 0)
        #expect(try shifted.step(at: -970) == 1)
        #expect(try shifted.code(at: 59 - 1_000) == plain.code(at: 59))
    }

    @Test func theWholeInt64RangeOfTimesHasSteps() throws {
        let totp = try TOTP(secret: Self.secret, period: 1, startTime: .min)
        #expect(try totp.step(at: .max) == .max)
        #expect(try totp.step(at: .min) == 0)
        #expect(try totp.code(at: .max).count == 6)
    }

    @Test(arguments: [Int64(0), -30])
    func aPeriodThatIsNotPositiveIsRefused(period: Int64) {
        #expect(throws: OTPError.invalidPeriod(period)) { try TOTP(secret: Self.secret, period: period) }
    }

    @Test func secondsRemainingCountsDownToTheNextStep() throws {
        let totp = try TOTP(secret: Self.secret, period: 60)
        #expect(try totp.secondsRemaining(at: 1_742_558_400) == 60)
        #expect(try totp.secondsRemaining(at: 1_742_558_401) == 59)
        #expect(try totp.secondsRemaining(at: 1_742_558_459) == 1)
    }

    @Test func aTOTPCodeIsTheHOTPCodeOfItsStep() throws {
        var random = SeededGenerator(seed: 6238)
        for _ in 0..<500 {
            let secret = random.bytes(count: 20)
            let period = Int64.random(in: 1...300, using: &random)
            let time = Int64.random(in: 0...(1 << 40), using: &random)
            let totp = try TOTP(secret: secret, digits: 8, period: period)
            let hotp = try HOTP(secret: secret, digits: 8)
            #expect(try totp.code(at: time) == hotp.code(counter: UInt64(time / period)))
        }
    }

    @Test func neitherDescriptionNorMirrorShowsTheSecret() throws {
        let totp = try TOTP(secret: Array("SECRET-SEED".utf8), digits: 7, period: 60)
        var dumped = ""
        dump(totp, to: &dumped)
        #expect(!dumped.contains("SECRET") && !String(describing: totp).contains("SECRET"))
        #expect(String(describing: totp) == "TOTP(SHA1, 7 digits, 60 s)")
    }
}
