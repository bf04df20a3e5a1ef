import PooyaCLI
import Testing

struct OTPCommandTests {
    static let secretHex = "3132333435363738393031323334353637383930"
    static let secret32Hex = "3132333435363738393031323334353637383930313233343536373839303132"

    @Test func hotpPrintsRFC4226Codes() throws {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489",
        ]
        for (counter, code) in expected.enumerated() {
            #expect(try output("otp", "hotp", "--secret-hex", Self.secretHex, "--counter", "\(counter)") == code)
        }
    }

    @Test func totpPrintsRFC6238CodesFromHexOrBase32() throws {
        #expect(try output("otp", "totp", "--secret-hex", Self.secretHex, "--time", "59", "-d", "8") == "94287082")
        #expect(
            try output(
                "otp",
                "totp",
                "--secret",
                "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
                "--time",
                "20000000000",
                "--digits",
                "8"
            ) == "65353130"
        )
        #expect(
            try output(
                "otp",
                "totp",
                "--secret-hex",
                Self.secret32Hex,
                "--time",
                "1111111109",
                "--digits",
                "8",
                "--algorithm",
                "SHA-256"
            ) == "68084774"
        )
    }

    @Test func totpHonoursPeriodAndStartTime() throws {
        #expect(
            try output(
                "otp",
                "totp",
                "--secret-hex",
                Self.secretHex,
                "--time",
                "1742558400",
                "--period",
                "60",
                "--digits",
                "7"
            ) == "7903762"
        )
        #expect(
            try output(
                "otp",
                "totp",
                "--secret-hex",
                Self.secretHex,
                "--time",
                "-941",
                "--start-time",
                "-1000",
                "-d",
                "8"
            ) == "94287082"
        )
    }

    @Test func totpWithoutATimeUsesTheClock() throws {
        let code = try output("otp", "totp", "--secret-hex", Self.secretHex)
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
    }

    @Test func numbersMayBeTypedInPersianDigits() throws {
        #expect(try output("otp", "hotp", "--secret-hex", Self.secretHex, "--counter", "۷") == "162583")
        #expect(try output("otp", "totp", "--secret-hex", Self.secretHex, "--time", "۵۹", "-d", "٨") == "94287082")
    }

    @Test func ocraComputesEveryInputKind() throws {
        #expect(
            try output(
                "otp",
                "ocra",
                "--suite",
                "OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1",
                "--key-hex",
                Self.secret32Hex,
                "--counter",
                "9",
                "--question",
                "12345678",
                "--pin",
                "1234"
            ) == "08522129"
        )
        #expect(
            try output(
                "otp",
                "ocra",
                "--suite",
                "OCRA-1:HOTP-SHA256-8:QN08-PSHA1",
                "--key-hex",
                Self.secret32Hex,
                "--question",
                "44444444",
                "--pin-hash-hex",
                "7110eda4d09e062aa5e4a390b0a572ac0d2c0220"
            )
                == "86807031"
        )
        let key64 =
            "3132333435363738393031323334353637383930313233343536373839303132"
            + "3334353637383930313233343536373839303132333435363738393031323334"
        #expect(
            try output(
                "otp",
                "ocra",
                "--suite",
                "OCRA-1:HOTP-SHA512-8:QA10-T1M",
                "--key-hex",
                key64,
                "--question",
                "SIG1400000",
                "--time",
                "1206446760"
            ) == "65360607"
        )
        let withSession = try output(
            "otp",
            "ocra",
            "--suite",
            "OCRA-1:HOTP-SHA1-6:QN08-S004",
            "--key-hex",
            Self.secretHex,
            "--question",
            "1",
            "--session",
            "00ab"
        )
        #expect(withSession.count == 6)
    }

    @Test func uriAndParseURIAgree() throws {
        let uri = try output(
            "otp",
            "uri",
            "--secret",
            "GEZDGNBVGY3TQOJQ",
            "--label",
            "Mellat:۶۱۰۴…۱۲۳۴",
            "--digits",
            "7",
            "--period",
            "60",
            "--algorithm",
            "sha256"
        )
        #expect(uri.hasPrefix("otpauth://totp/Mellat:"))
        #expect(
            try output("otp", "parse-uri", uri) == """
                type: totp
                issuer: Mellat
                account: ۶۱۰۴…۱۲۳۴
                secret: GEZDGNBVGY3TQOJQ
                algorithm: SHA256
                digits: 7
                period: 60
                """
        )
        let hotp = try output(
            "otp",
            "uri",
            "--secret",
            "GEZDGNBV",
            "--label",
            "alice",
            "--type",
            "hotp",
            "--counter",
            "5"
        )
        #expect(hotp == "otpauth://hotp/alice?secret=GEZDGNBV&algorithm=SHA1&digits=6&counter=5")
    }

    @Test(arguments: [
        (
            ["otp", "hotp", "--secret-hex", "3132", "--counter", "1", "--digits", "5"],
            "a code must have between 6 and 10 digits, not 5"
        ),
        (["otp", "hotp", "--secret-hex", "31x2", "--counter", "1"], "invalid hex character 'x' at position 3"),
        (["otp", "hotp", "--secret-hex", "313", "--counter", "1"], "invalid hex: 3 digits is an odd number"),
        (["otp", "hotp", "--secret-hex", "31", "--counter=-1"], "'-1' is not a whole number"),
        (["otp", "hotp", "--secret-hex", "", "--counter", "1"], "the secret is empty"),
        (["otp", "totp", "--secret", "GEZ1", "--time", "0"], "invalid Base32 character '1' at position 4"),
        (["otp", "totp", "--secret-hex", "31", "--time", "-5"], "the time -5 is before the start time 0"),
        (["otp", "totp", "--secret-hex", "31", "--period", "0"], "the period must be a positive number"),
        (["otp", "totp", "--secret-hex", "31", "--secret", "GE"], "either --secret-hex or --secret"),
        (["otp", "totp", "--time", "0"], "either --secret-hex or --secret"),
        (["otp", "totp", "--secret-hex", "31", "--algorithm", "md5"], "'md5' is not a known algorithm"),
        (
            ["otp", "ocra", "--suite", "OCRA-1:HOTP-SHA1-6:QX08", "--key-hex", "31", "--question", "1"],
            "invalid OCRA data input 'QX08'"
        ),
        (
            ["otp", "ocra", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--key-hex", "31", "--question", "1", "--time", "5"],
            "the suite does not use a time"
        ),
        (
            [
                "otp", "ocra", "--suite", "OCRA-1:HOTP-SHA1-6:QN08-T1M", "--key-hex", "31", "--question", "1",
                "--time", "-60",
            ], "the time -60 is before 1970-01-01"
        ),
        (
            ["otp", "ocra", "--suite", "OCRA-1:HOTP-SHA1-6:C-QN08", "--key-hex", "31", "--question", "1"],
            "the suite needs a counter"
        ),
        (
            [
                "otp", "ocra", "--suite", "OCRA-1:HOTP-SHA1-6:QN08-PSHA1", "--key-hex", "31", "--question", "1",
                "--pin", "1", "--pin-hash-hex", "00",
            ], "either --pin or --pin-hash-hex"
        ),
        (["otp", "uri", "--secret", "GE", "--label", "a", "--type", "hotp"], "an hotp URI needs --counter"),
        (
            ["otp", "uri", "--secret", "GEZDGNBV", "--label", "Melli:a", "--issuer", "Mellat"],
            "the label's issuer 'Melli' differs from the issuer parameter 'Mellat'"
        ),
        (["otp", "parse-uri", "otpauth://totp/a"], "the otpauth URI has no secret parameter"),
    ])
    func badInputGivesAClearErrorAndANonZeroExit(arguments: [String], message: String) throws {
        let result = try #require(failure(arguments))
        #expect(result.message.contains(message), "\(result.message)")
        #expect(result.exitCode != 0)
    }
}
