import OneTimePassword
import PooyaProtocol
import Testing

struct CappedCodeTests {
    static let seed = Array("12345678901234567890".utf8)
    static let now: Int64 = 1_742_558_400

    @Test func capsAreRoundedDownToTwoSignificantDigits() throws {
        #expect(AmountCap(roundingDown: 5_000_000)?.rials == 5_000_000)
        #expect(AmountCap(roundingDown: 1_234_567)?.rials == 1_200_000)
        #expect(AmountCap(roundingDown: 99)?.rials == 99)
        #expect(AmountCap(roundingDown: 9) == nil)
        #expect(AmountCap(roundingDown: 100_000_000_000) == nil)
    }

    @Test func validityIsTheLongestChoiceNotAboveTheRequest() {
        #expect(CappedValidity(atMostMinutes: 7)?.minutes == 5)
        #expect(CappedValidity(atMostMinutes: 60)?.minutes == 60)
        #expect(CappedValidity(atMostMinutes: 0) == nil)
    }

    @Test func aCodeCarriesItsCapAndValidityInTheClear() throws {
        let capped = CappedCode(cap: AmountCap(roundingDown: 5_000_000)!, validity: CappedValidity(atMostMinutes: 10)!)
        let code = try capped.code(seed: Self.seed, algorithm: .sha1, at: Self.now)
        #expect(code.count == 12)
        #expect(code.hasPrefix("505") && Array(code)[3] == "4")
        #expect(CappedCode(reading: code) == capped)
    }

    @Test func aCodeIsFoundWithinItsValidityAndNotAfter() throws {
        let capped = CappedCode(cap: AmountCap(roundingDown: 2_000_000)!, validity: CappedValidity(atMostMinutes: 5)!)
        let code = try capped.code(seed: Self.seed, algorithm: .sha256, at: Self.now)
        let minute = CappedCode.minute(of: Self.now)
        for later in [Int64(0), 60, 299] {
            #expect(
                CappedCode.matchingMinute(for: code, seed: Self.seed, algorithm: .sha256, at: Self.now + later)?.minute
                    == minute
            )
        }
        #expect(CappedCode.matchingMinute(for: code, seed: Self.seed, algorithm: .sha256, at: Self.now + 360) == nil)
        #expect(
            CappedCode.matchingMinute(for: code, seed: Self.seed, algorithm: .sha256, at: Self.now, used: [minute])
                == nil
        )
        #expect(
            CappedCode.matchingMinute(for: code, seed: Array("other".utf8), algorithm: .sha256, at: Self.now) == nil
        )
    }

    @Test func changingTheCapOrValidityDigitsBreaksTheMAC() throws {
        let capped = CappedCode(cap: AmountCap(roundingDown: 2_000_000)!, validity: CappedValidity(index: 2)!)
        let code = try capped.code(seed: Self.seed, algorithm: .sha1, at: Self.now)
        for forged in ["99" + code.dropFirst(2), String(code.prefix(3)) + "9" + code.dropFirst(4)] {
            #expect(CappedCode.matchingMinute(for: forged, seed: Self.seed, algorithm: .sha1, at: Self.now) == nil)
        }
    }

    @Test func aRandomGuessIsAcceptedWithProbabilityAtMostOneInAMillion() {
        // The widest validity (60 minutes) plus one minute ahead gives 62 candidate minutes against 8 MAC digits.
        let candidates = Double(CappedValidity.choices.max()! + 2)
        #expect(candidates / 100_000_000 <= 1e-6)
    }
}

struct TokenGeneratorTests {
    @Test func aFourDigitFirstPINCodeIsTheEndOfTheSixDigitCode() throws {
        let seed = Array("12345678901234567890".utf8)
        var parameters = TokenParameters(
            tokenID: "t",
            kind: .first,
            algorithm: .sha1,
            digits: 4,
            period: 30,
            maskedPAN: "",
            bank: ""
        )
        let four = try TokenGenerator(seed: seed, parameters: parameters)
        parameters.digits = 6
        let six = try TokenGenerator(seed: seed, parameters: parameters)
        #expect(try four.code(at: 59) == String(try six.code(at: 59).suffix(4)))
        #expect(try six.code(at: 59) == "287082")
        #expect(try four.code(at: 59) == "7082")
    }
}
