import OneTimePassword
import Testing

struct OTPAuthURITests {
    static let secret = Array("12345678901234567890".utf8)

    @Test func googlesExampleParses() throws {
        let uri = try OTPAuthURI(
            parsing: "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ"
                + "&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
        )
        #expect(uri.kind == .totp(period: 30))
        #expect(uri.issuer == "ACME Co")
        #expect(uri.accountName == "john.doe@email.com")
        #expect(uri.algorithm == .sha1)
        #expect(uri.digits == 6)
        #expect(Base32.encode(uri.secret, padded: false) == "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ")
    }

    @Test func defaultsApplyAndCaseIsForgiven() throws {
        let uri = try OTPAuthURI(parsing: "OTPAUTH://TOTP/alice?SECRET=gezdgnbvgy3tqojqgezdgnbvgy3tqojq")
        #expect(uri.kind == .totp(period: 30))
        #expect(uri.issuer == nil)
        #expect(uri.accountName == "alice")
        #expect(uri.secret == Self.secret)
        #expect(uri.algorithm == .sha1 && uri.digits == 6)
    }

    @Test func theIssuerMayComeFromTheLabelAloneWithAnEncodedColon() throws {
        let uri = try OTPAuthURI(
            parsing: "otpauth://hotp/Bank%20Mellat%3A%20%DB%B6%DB%B1%DB%B0?secret=GEZDGNBV&counter=42"
        )
        #expect(uri.issuer == "Bank Mellat")
        #expect(uri.accountName == "۶۱۰")
        #expect(uri.kind == .hotp(counter: 42))
    }

    @Test func aBuiltURIParsesBackToTheSameValue() throws {
        var random = SeededGenerator(seed: 2)
        let names = ["alice", "علی رضایی", "a+b@example.com", "x/y?z&w=1", "100% sure"]
        for _ in 0..<300 {
            let kind: OTPAuthURI.Kind =
                Bool.random(using: &random)
                ? .totp(period: Int64.random(in: 1...600, using: &random))
                : .hotp(counter: random.next())
            let original = try OTPAuthURI(
                kind: kind,
                accountName: names.randomElement(using: &random)!,
                issuer: Bool.random(using: &random) ? "Bank Melli Iran" : nil,
                secret: random.bytes(count: Int.random(in: 1...64, using: &random)),
                algorithm: OTPAlgorithm.allCases.randomElement(using: &random)!,
                digits: Int.random(in: 6...10, using: &random)
            )
            #expect(try OTPAuthURI(parsing: original.uriString) == original)
        }
    }

    @Test func theBuiltStringSpellsEveryParameter() throws {
        let uri = try OTPAuthURI(
            kind: .totp(period: 60),
            accountName: "6104****1234",
            issuer: "Mellat",
            secret: Self.secret,
            algorithm: .sha256,
            digits: 7
        )
        #expect(
            uri.uriString == "otpauth://totp/Mellat:6104%2A%2A%2A%2A1234?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Mellat&algorithm=SHA256&digits=7&period=60"
        )
        #expect(!String(describing: uri).contains("GEZDGNBV"))
        var dumped = ""
        dump(uri, to: &dumped)
        #expect(!dumped.contains("GEZDGNBV") && !dumped.contains("49, 50, 51"))
    }

    @Test(arguments: [
        ("https://totp/a?secret=GEZDGNBV", OTPAuthURIError.notOTPAuth),
        ("otpauth://motp/a?secret=GEZDGNBV", .unknownType("motp")),
        ("otpauth://totp?secret=GEZDGNBV", .missingLabel),
        ("otpauth://totp/?secret=GEZDGNBV", .missingLabel),
        ("otpauth://totp/a", .missingSecret),
        ("otpauth://totp/a?secret=", .missingSecret),
        ("otpauth://totp/a?secret=GEZ1", .invalidSecret(.invalidCharacter("1", offset: 3))),
        ("otpauth://hotp/a?secret=GEZDGNBV", .missingCounter),
        (
            "otpauth://hotp/a?secret=GEZDGNBV&counter=-1",
            .invalidParameter(name: "counter", reason: "'-1' is not a whole number in range")
        ),
        (
            "otpauth://totp/a?secret=GEZDGNBV&digits=5",
            .invalidParameter(name: "digits", reason: OTPError.digitsOutOfRange(5).description)
        ),
        (
            "otpauth://totp/a?secret=GEZDGNBV&period=0",
            .invalidParameter(name: "period", reason: OTPError.invalidPeriod(0).description)
        ),
        (
            "otpauth://totp/a?secret=GEZDGNBV&algorithm=MD5",
            .invalidParameter(name: "algorithm", reason: "'MD5' is not SHA1, SHA256 or SHA512")
        ),
        ("otpauth://totp/a?secret=GEZDGNBV&secret=GEZDGNBV", .duplicateParameter("secret")),
        ("otpauth://totp/a%2?secret=GEZDGNBV", .invalidPercentEncoding(part: "label")),
        ("otpauth://totp/a?secret=GEZDGNBV&issuer=%FF", .invalidPercentEncoding(part: "issuer")),
        ("otpauth://totp/Melli:a?secret=GEZDGNBV&issuer=Mellat", .issuerMismatch(label: "Melli", parameter: "Mellat")),
    ])
    func malformedURIsNameWhatIsWrong(text: String, expected: OTPAuthURIError) {
        #expect(throws: expected) { try OTPAuthURI(parsing: text) }
    }

    @Test func persianDigitsAreAcceptedInNumbers() throws {
        let uri = try OTPAuthURI(parsing: "otpauth://totp/a?secret=GEZDGNBV&digits=%DB%B7&period=%DB%B6%DB%B0")
        #expect(uri.digits == 7 && uri.kind == .totp(period: 60))
    }

    @Test func unknownParametersAreIgnored() throws {
        let uri = try OTPAuthURI(parsing: "otpauth://totp/a?secret=GEZDGNBV&image=https%3A%2F%2Fexample.com%2Fa.png")
        #expect(uri.accountName == "a")
    }

    @Test func aColonInTheIssuerOrAccountIsRefusedWhenBuilding() {
        #expect(throws: OTPAuthURIError.invalidParameter(name: "issuer", reason: "is empty or contains ':'")) {
            try OTPAuthURI(kind: .totp(period: 30), accountName: "a", issuer: "x:y", secret: [1])
        }
        #expect(throws: OTPAuthURIError.invalidParameter(name: "label", reason: "contains ':'")) {
            try OTPAuthURI(kind: .totp(period: 30), accountName: "a:b", secret: [1])
        }
    }
}
