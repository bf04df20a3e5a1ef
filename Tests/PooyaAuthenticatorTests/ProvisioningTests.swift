import Foundation
import OneTimePassword
import PooyaAuthenticator
import PooyaIssuer
import PooyaProtocol
import PooyaTesting
import Testing

/// The authenticator against a real issuer service (in-process, through its router and JSON).
struct AuthenticatorProvisioningTests {
    @Test func aTokenAddedFromTheScreenAndSMSPartsMakesCodesTheIssuerApprovesOnce() async throws {
        let folder = try TemporaryFolder()
        let issuer = try IssuerUnderTest()
        let (screen, sms) = try await issuer.activate()
        try await issuer.withConnection { connection in
            var vault = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
            let typedReceipt = String(
                screen.receipt.digits.unicodeScalars.map { Character(Unicode.Scalar($0.value + 0x06C0)!) }
            )
            let token = try await Authenticator.addToken(
                .parts(receipt: typedReceipt, sms: sms),
                connection: connection,
                to: &vault,
                now: issuer.clock.now()
            )
            #expect(token.label == "610433******0018")
            let (code, secondsLeft) = try token.code(at: issuer.clock.now())
            #expect(code.count == 7 && (1...60).contains(secondsLeft))
            #expect(try await issuer.verify(code) == .approved)
            #expect(try await issuer.verify(code) == .rejected(.replayed, attemptsLeft: 3))
            // Adding again without replacing is refused; replacing needs a new activation.
            #expect(
                try Vault.open(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation()).tokens
                    .count == 1
            )
        }
    }

    @Test func theQRAndManualFormsWorkToo() async throws {
        let folder = try TemporaryFolder()
        let issuer = try IssuerUnderTest()
        let (screen, sms) = try await issuer.activate()
        try await issuer.withConnection { connection in
            var vault = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
            _ = try await Authenticator.addToken(
                .qrPayload(try #require(screen.qrPayload), sms: sms),
                connection: connection,
                to: &vault,
                now: issuer.clock.now()
            )
        }
        let again = try await issuer.activate()
        try await issuer.withConnection { connection in
            var vault = try Vault.open(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
            _ = try await Authenticator.addToken(
                .manual(serial: again.screen.serial.digits, code: again.screen.receipt.digits, sms: again.sms),
                connection: connection,
                to: &vault,
                replacing: true,
                now: issuer.clock.now()
            )
        }
    }

    @Test func aReactivationTheVaultRefusesChangesNothingAtTheIssuer() async throws {
        let folder = try TemporaryFolder()
        let issuer = try IssuerUnderTest()
        let first = try await issuer.activate()
        try await issuer.withConnection { connection in
            var vault = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
            let working = try await Authenticator.addToken(
                .parts(receipt: first.screen.receipt.digits, sms: first.sms),
                connection: connection,
                to: &vault,
                now: issuer.clock.now()
            )
            let again = try await issuer.activate()
            let input = ActivationInput.parts(receipt: again.screen.receipt.digits, sms: again.sms)
            await #expect(throws: VaultError.tokenExists(maskedPAN: "610433******0018")) {
                _ = try await Authenticator.addToken(input, connection: connection, to: &vault, now: issuer.clock.now())
            }
            // Nothing changed at the issuer: the working token's code is approved, and the same parts still work.
            #expect(try await issuer.verify(try working.code(at: issuer.clock.now()).code) == .approved)
            issuer.clock.advance(by: 60)
            let replacement = try await Authenticator.addToken(
                input,
                connection: connection,
                to: &vault,
                replacing: true,
                now: issuer.clock.now()
            )
            let kept = try Vault.open(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
            #expect(kept.tokens.map(\.id) == [replacement.id])
            #expect(try await issuer.verify(try replacement.code(at: issuer.clock.now()).code) == .approved)
            issuer.clock.advance(by: 60)
            #expect(
                try await issuer.verify(try working.code(at: issuer.clock.now()).code)
                    == .rejected(.invalidCode, attemptsLeft: 2)
            )
        }
    }

    @Test func anOfferThatIsNotTheIssuersIsRefused() async throws {
        let issuer = try IssuerUnderTest()
        let (screen, sms) = try await issuer.activate()
        try await issuer.withConnection { connection in
            let client = ProvisioningClient(
                code: try ActivationInput.parts(receipt: screen.receipt.digits, sms: sms).activationCode()
            )
            var offer = try client.check(try await connection.offer(client.request))
            #expect(offer.maskedPAN == "610433******0018" && offer.kind == .second)
            offer.maskedPAN = "610433******9999"
            #expect(throws: ProvisioningError.invalidConfirmation) { try client.check(offer) }
        }
    }

    @Test func aTypoIsCaughtBeforeAnyNetworkCall() async throws {
        let folder = try TemporaryFolder()
        let issuer = try IssuerUnderTest()
        let (screen, sms) = try await issuer.activate()
        var digits = Array(sms.filter(\.isNumber))
        digits[5] = digits[5] == "0" ? "1" : "0"
        let typo = String(digits)
        try await issuer.withConnection { connection in
            var vault = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
            await #expect(throws: ActivationCodeError.checkDigitMismatch(part: .sms)) {
                _ = try await Authenticator.addToken(
                    .parts(receipt: screen.receipt.digits, sms: typo),
                    connection: connection,
                    to: &vault,
                    now: issuer.clock.now()
                )
            }
            #expect(connection.calls.value == 0)
        }
    }

    @Test func cappedCodesPayUpToTheirCap() async throws {
        let folder = try TemporaryFolder()
        let issuer = try IssuerUnderTest()
        let (screen, sms) = try await issuer.activate()
        try await issuer.withConnection { connection in
            let token = try await issuer.vaultWithToken(screen, sms, in: folder, over: connection).token
            let capped = try token.cappedCode(rials: 5_300_000, minutes: 10, at: issuer.clock.now())
            #expect(capped.cap.rials == 5_300_000 && capped.validity.minutes == 10 && capped.code.count == 12)
            issuer.clock.advance(by: 240)
            #expect(
                try await issuer.verify(capped.code, amount: 5_300_001) == .rejected(.amountAboveCap, attemptsLeft: 3)
            )
            #expect(try await issuer.verify(capped.code, amount: 5_000_000) == .approved)
        }
    }

    @Test func aPhoneFiveMinutesSlowShowsCodesForTheIssuersTimeThatPay() async throws {
        let folder = try TemporaryFolder()
        let issuer = try IssuerUnderTest()
        let (screen, sms) = try await issuer.activate()
        try await issuer.withConnection { connection in
            let phoneTime = { issuer.clock.now() - 300 }  // the phone's clock is five minutes slow
            var token = try await issuer.vaultWithToken(screen, sms, in: folder, over: connection, now: phoneTime())
                .token
            #expect(token.clockOffset == 300, "measured when added")
            #expect(
                try Vault.open(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation()).tokens
                    .first?.clockOffset == 300,
                "kept in the vault"
            )
            #expect(try await issuer.verify(try token.code(at: phoneTime()).code) == .approved)
            // Later the phone's clock drifts further; showing a code online measures it again.
            issuer.clock.advance(by: 60)
            let skew = try await Authenticator.measureClock(
                of: &token,
                connection: connection,
                localTime: phoneTime() - 60
            )
            #expect(skew == (360, true) && token.clockOffset == 360)
            #expect(try await issuer.verify(try token.code(at: phoneTime() - 60).code) == .approved)
        }
    }

    @Test func clockSkewIsMeasuredAgainstTheIssuer() async throws {
        let issuer = try IssuerUnderTest()
        try await issuer.withConnection { connection in
            #expect(
                try await Authenticator.clockSkew(connection: connection, localTime: issuer.clock.now()) == (0, false)
            )
            let slow = try await Authenticator.clockSkew(connection: connection, localTime: issuer.clock.now() - 90)
            #expect(slow.seconds == 90 && slow.isTooLarge)
        }
    }
}

struct OTPAuthImportTests {
    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/oathtool")
                || ProcessInfo.processInfo.environment["CI"] != nil,
            "oathtool is not installed"
        )
    )
    func anImportedAccountsCodesMatchOathtool() async throws {
        let folder = try TemporaryFolder()
        var vault = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        var random = SystemRandomNumberGenerator()
        for index in 0..<20 {
            let secret = (0..<20).map { _ in UInt8.random(in: 0...255, using: &random) }
            let (algorithm, digits, period) = (
                [OTPAlgorithm.sha1, .sha256, .sha512][index % 3], 6 + index % 3, [30, 60][index % 2]
            )
            let uri = try OTPAuthURI(
                kind: .totp(period: Int64(period)),
                accountName: "a\(index)",
                issuer: "Test",
                secret: secret,
                algorithm: algorithm,
                digits: digits
            )
            let token = try Authenticator.importURI(uri.uriString, to: &vault, now: 0)
            let time = Int64.random(in: 0...(1 << 33), using: &random)
            let expected = try await runProgram(
                URL(fileURLWithPath: "/usr/bin/oathtool"),
                [
                    "--totp=\(algorithm.rawValue)", "-d", "\(digits)", "-s", "\(period)s", "--now", "@\(time)",
                    Hex.encode(secret),
                ]
            ).standardOutput
            #expect(try token.code(at: time).code + "\n" == expected)
        }
    }

    @Test func anOrdinaryAccountImportsAndMakesTheRFCCodes() throws {
        let folder = try TemporaryFolder()
        var vault = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        let token = try Authenticator.importURI(
            "otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&digits=8",
            to: &vault,
            now: 0
        )
        #expect(token.label == "ACME:alice")
        #expect(try token.code(at: 59).code == "94287082")
        #expect(try token.code(at: 20_000_000_000).code == "65353130")
        #expect(throws: (any Error).self) {
            try Authenticator.importURI("otpauth://hotp/a?secret=GEZDGNBV&counter=1", to: &vault, now: 0)
        }
    }
}
