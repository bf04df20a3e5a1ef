import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaProtocol
import PooyaSQLite
import PooyaTesting
import Testing

/// The story every issuer tells, end to end on a database file.
struct ScenarioTests {
    @Test func aCardholderActivatesPaysIsLockedOutAndActivatesAgain() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("pooya.sqlite").path
        let bank = try IssuerHarness(store: SQLiteStore(path: path))
        let pan = "6104-3378-0000-0018"
        try await bank.registerCard(pan, mobile: "09121234567")

        // At the ATM: the cardholder types the mobile, the receipt shows part one, an SMS brings part two.
        let receipt = try await bank.activate(.second, pan: pan, mobile: "۰۹۱۲ ۱۲۳ ۴۵۶۷", channel: .atm)
        let smsText = try #require(bank.sms.messages.last?.text)
        #expect(smsText.contains("رمز دوم پویا"))

        // In the app: part one typed in Persian digits, part two pasted; the handshake makes the token.
        let typedReceipt = String(
            receipt.receipt.digits.unicodeScalars.map { Character(Unicode.Scalar($0.value + 0x06C0)!) }
        )
        let code = ActivationCode(receipt: try ReceiptPart(parsing: typedReceipt), sms: try bank.smsPart())
        let client = ProvisioningClient(code: code)
        let token = try client.complete(with: try await bank.issuer.provision(client.request))
        let app = try TokenGenerator(seed: token.seed, parameters: token.parameters)

        // Paying: the code works once.
        bank.clock.advance(by: 45)
        let first = try app.code(at: bank.clock.now())
        #expect(try await bank.verify(first, pan: pan, amount: 2_500_000) == .approved)
        #expect(try await bank.verify(first, pan: pan, amount: 2_500_000) == .rejected(.replayed, attemptsLeft: 3))

        // Three wrong codes: locked; even the right code is refused now.
        bank.clock.advance(by: 60)
        let wrong = try bank.wrongCode(token)
        for left in [2, 1, 0] {
            #expect(try await bank.verify(wrong, pan: pan) == .rejected(.invalidCode, attemptsLeft: left))
        }
        #expect(
            try await bank.verify(try app.code(at: bank.clock.now()), pan: pan) == .rejected(.locked, attemptsLeft: 0)
        )

        // Back to the ATM: a new activation, a new token, and paying works again.
        let again = try await bank.provisionedToken(.second, pan: pan)
        bank.clock.advance(by: 60)
        #expect(try await bank.verify(try bank.code(again), pan: pan, amount: 990_000) == .approved)
        let entries = try await bank.store.auditEntries(after: 0, limit: 100, card: nil)
        #expect(entries.filter { $0.event.action == .pinLocked }.count == 1)
        #expect(try await bank.issuer.verifyAuditChain() == .intact(entries: Int64(entries.count)))
    }
}

/// No card number, code, seed or activation part reaches the database file, an audit entry or an error message.
struct SecretsTests {
    @Test func theDatabaseFileAndTheAuditTrailHoldNoSecret() async throws {  // nor SMS texts or SMS codes
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("pooya.sqlite").path
        let harness = try IssuerHarness(store: SQLiteStore(path: path))
        let card = try await harness.registerCard()
        let (result, client) = try await harness.startedHandshake()
        let smsPart = try harness.smsPart()
        let token = try client.complete(with: try await harness.issuer.provision(client.request))
        let code = try harness.code(token)
        _ = try await harness.verify(code)
        _ = try await harness.verify(try harness.wrongCode(token))
        _ = try await harness.issuer.challenge(
            ChallengeRequest(
                card: harness.issuer.reference(to: PAN(parsing: IssuerHarness.pan)),
                amount: 2_500_000,
                merchantID: "shop",
                merchantName: try MerchantName("فروشگاه"),
                transactionID: "pay-1"
            )
        )
        try await harness.deliverSMS()
        let challengeCode = try #require(harness.sms.messages.last?.text.firstMatch(of: /([0-9]{7})/)).output.1

        let secrets = [
            "6104337800000018", result.receipt.digits, smsPart.digits, code, Hex.encode(token.seed),
            String(challengeCode), "فروشگاه",
        ]
        var files = Data()
        for suffix in ["", "-wal", "-shm"] {
            files += (try? Data(contentsOf: URL(fileURLWithPath: path + suffix))) ?? Data()
        }
        let fileText = String(decoding: files, as: UTF8.self)
        let seedBytes = Data(token.seed)
        #expect(files.range(of: seedBytes) == nil, "the seed is stored in clear")
        let audit = try await harness.issuer.auditTrail(cardID: card.id).map { String(describing: $0) }.joined()
        for secret in secrets {
            #expect(!fileText.contains(secret), "a secret is in the database file")
            #expect(!audit.contains(secret), "a secret is in the audit trail")
        }
        let errors: [IssuerError] = [
            .activationCodeMismatch(attemptsLeft: 3), .mobileMismatch, .unknownCard,
            .invalidPAN("the card number's check digit is wrong"),
        ]
        for error in errors { #expect(!secrets.contains { error.description.contains($0) }) }
    }

    @Test func queuedSMSSurviveARestartOfTheServiceAndGoOutOnce() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("pooya.sqlite").path
        let before = try IssuerHarness(store: SQLiteStore(path: path))
        try await before.registerCard()
        before.sms.setFailing(true)
        let result = try await before.activate()
        #expect(before.sms.messages.isEmpty)

        // A new process: a new store on the same file, a working gateway.
        let after = try IssuerHarness(store: SQLiteStore(path: path))
        after.clock.advance(by: 60)
        #expect(try await after.deliverSMS().sent == 1)
        #expect(try await after.deliverSMS().sent == 0)
        #expect(after.sms.messages.map(\.purpose) == [.activation])
        #expect(after.sms.messages.first?.text.contains(result.serial.digits) == true)
    }
}
