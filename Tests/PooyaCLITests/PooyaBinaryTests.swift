import Foundation
import PooyaTesting
import Testing

/// The built `pooya` executable, run as a person or script would run it.
struct PooyaBinaryTests {
    @Test func readmesFirstCommandPrintsOnlyACodeAndANewline() async throws {
        let pooya = try #require(Programs.pooya, "the pooya executable is built beside the tests")
        let result = try await run(pooya, ["otp", "totp", "--secret-hex", "3132333435363738393031323334353637383930"])
        #expect(result.status == 0)
        #expect(result.standardOutput.wholeMatch(of: /[0-9]{6}\n/) != nil, "\(result.standardOutput)")
        #expect(result.standardError.isEmpty)
    }

    @Test func aFixedTimeGivesTheRFCCode() async throws {
        let pooya = try #require(Programs.pooya)
        let result = try await run(
            pooya,
            ["otp", "totp", "--secret-hex", "3132333435363738393031323334353637383930", "--time", "59", "-d", "8"]
        )
        #expect(result.standardOutput == "94287082\n")
    }

    @Test(arguments: [
        ["otp", "hotp", "--secret-hex", "3132", "--counter", "1", "--digits", "5"],
        ["otp", "hotp", "--secret-hex", "zz", "--counter", "1"],
        ["otp", "totp", "--secret", "not base32!", "--time", "0"],
        ["otp", "totp", "--secret-hex", "31", "--time", "-1"],
        ["otp", "ocra", "--suite", "OCRA-2:HOTP-SHA1-6:QN08", "--key-hex", "31", "--question", "1"],
        ["otp", "parse-uri", "otpauth://totp/a?secret=%"],
        ["otp", "hotp", "--secret-hex", "31", "--counter", "99999999999999999999999"],
        ["otp", "nonsense"],
    ])
    func badInputExitsNonZeroWithAMessageAndNoCrash(arguments: [String]) async throws {
        let pooya = try #require(Programs.pooya)
        let result = try await run(pooya, arguments)
        #expect(result.exitedNormally, "killed by a signal: a crash")
        #expect(result.status != 0)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("Error: "), "\(result.standardError)")
    }
}
