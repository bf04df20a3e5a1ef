import Foundation
import OneTimePassword
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
import PooyaTesting
import Testing

/// The payment page's "get dynamic PIN" button: a code by SMS bound to one payment, and its verification.
struct ChallengeTests {
    static func challenge(
        _ client: Client,
        transaction: String = "pay-1",
        amount: Int64 = 2_500_000,
        merchant: String = "shop-9",
        merchantName: String = "فروشگاه نمونه",
        type: Components.Schemas.TransactionType? = nil,
        webOTP: (top: String?, embedded: String?) = (nil, nil)
    ) async throws -> Operations.StartChallenge.Output {
        try await client.startChallenge(
            body: .json(
                .init(
                    pan: ServerHarness.pan,
                    amount: amount,
                    merchantId: merchant,
                    merchantName: merchantName,
                    transactionId: transaction,
                    transactionType: type,
                    webOtpHost: webOTP.top,
                    webOtpEmbeddedHost: webOTP.embedded
                )
            )
        )
    }

    static func verify(
        _ client: Client,
        code: String,
        transaction: String = "pay-1",
        amount: Int64 = 2_500_000,
        merchant: String = "shop-9"
    ) async throws -> Components.Schemas.VerificationDecision {
        try await client.verifyPIN(
            body: .json(
                .init(
                    pan: ServerHarness.pan,
                    code: code,
                    kind: .second,
                    amount: amount,
                    merchantId: merchant,
                    transactionId: transaction
                )
            )
        ).ok.body.json
    }

    /// The code of the last gateway's code SMS, and the SMS.
    static func lastCode(_ harness: ServerHarness) async throws -> (code: String, text: String) {
        try await harness.deliverSMS()
        let text = try #require(harness.sms.messages.last { $0.purpose == .challenge }?.text)
        return (try #require(text.firstMatch(of: /رمز: ([0-9]{7})/)).output.1.description, text)
    }

    @Test(arguments: [
        "فروشگاه\nرمز را به ۰۹۱۲ بفرستید",
        "shop\n@evil.example #1234567",
        "فروشگاه \u{202E}۰۰۰٬۰۰۰٬۱",
        "shop\u{0}\u{1B}[2J",
        String(repeating: "ب", count: 4_000),
    ])
    func aGatewayCannotWriteTheCardholdersSMSThroughTheMerchantName(name: String) async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .verify)) { client, _ in
            try await harness.registerCard(client)
            try await harness.activateWithoutApp()
            try await harness.deliverSMS()
            let sent = harness.sms.messages.count
            let refused = try await Self.challenge(client, merchantName: name).unprocessableContent.body
                .applicationProblemJson
            #expect(refused.code == "invalid_merchant_name")
            #expect(refused.detail?.hasPrefix("merchantName: ") == true, "the problem names the field")
            #expect(refused.detail?.contains(name) == false, "and never echoes the name")
            try await harness.deliverSMS()
            #expect(harness.sms.messages.count == sent, "nothing was texted")
        }
    }

    @Test func theWebOTPLineNamesTheGatewaysOwnPageWhenItsKeyMayNameIt() async throws {
        let harness = try ServerHarness()
        let allowed = try [WebOTPHost("pay.shop-a.ir"), WebOTPHost("form.psp.ir")]
        let key = try await harness.keys.create(name: "gateway", scopes: [.cards, .verify], webOTPHosts: Set(allowed))
        try await harness.withClient(key: key.secret) { client, _ in
            try await harness.registerCard(client)
            try await harness.activateWithoutApp()
            try await harness.deliverSMS()
            func challenge(_ transaction: String, top: String?, embedded: String? = nil) async throws
                -> Operations.StartChallenge.Output
            {
                try await Self.challenge(client, transaction: transaction, webOTP: (top, embedded))
            }
            _ = try await challenge("pay-1", top: "Pay.Shop-A.ir").accepted
            let (code, text) = try await Self.lastCode(harness)
            #expect(text.hasSuffix("\n@pay.shop-a.ir #\(code)"), "the gateway's host, not the default: \(text)")
            harness.clock.advance(by: 60)
            _ = try await challenge("pay-2", top: "pay.shop-a.ir", embedded: "form.psp.ir").accepted
            let (embeddedCode, embeddedText) = try await Self.lastCode(harness)
            #expect(embeddedText.hasSuffix("\n@pay.shop-a.ir #\(embeddedCode) @form.psp.ir"), "\(embeddedText)")

            let sent = harness.sms.messages.count
            let refused = try await challenge("pay-3", top: "pay.other-shop.ir").forbidden.body.applicationProblemJson
            #expect(refused.code == "webotp_host_not_allowed")
            let embeddedRefused = try await challenge("pay-3", top: "pay.shop-a.ir", embedded: "evil.example")
                .forbidden.body.applicationProblemJson
            #expect(embeddedRefused.code == "webotp_host_not_allowed")
            let malformed = try await challenge("pay-3", top: "pay.shop-a.ir:443").unprocessableContent
            #expect(try malformed.body.applicationProblemJson.code == "invalid_request")
            try await harness.deliverSMS()
            #expect(harness.sms.messages.count == sent, "nothing was texted")
        }
    }

    @Test func theSMSNamesTheTypeOfPaymentAndItsCodePaysThatTypeOnly() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .verify)) { client, _ in
            try await harness.registerCard(client)
            try await harness.activateWithoutApp()
            func transfer(_ transaction: String) async throws -> String {
                _ = try await Self.challenge(client, transaction: transaction, type: .transfer).accepted
                let (code, text) = try await Self.lastCode(harness)
                #expect(text.hasPrefix("انتقال: فروشگاه نمونه\n"), "\(text)")
                return code
            }
            func verify(_ code: String, _ transaction: String, as type: Components.Schemas.TransactionType?)
                async throws -> Components.Schemas.VerificationDecision
            {
                try await client.verifyPIN(
                    body: .json(
                        .init(
                            pan: ServerHarness.pan,
                            code: code,
                            kind: .second,
                            amount: 2_500_000,
                            merchantId: "shop-9",
                            transactionId: transaction,
                            transactionType: type
                        )
                    )
                ).ok.body.json
            }
            let first = try await transfer("pay-1")
            let asPurchase = try await verify(first, "pay-1", as: nil)
            #expect(asPurchase.reason == .transactionTypeMismatch && asPurchase.attemptsLeft == 2)
            harness.clock.advance(by: 60)
            let second = try await transfer("pay-2")
            #expect(try await verify(second, "pay-2", as: .transfer).decision == .approved)
        }
    }

    @Test func theSMSNamesTheAmountAndMerchantAndItsCodePaysThatPaymentOnce() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .verify)) { client, _ in
            try await harness.registerCard(client)
            try await harness.activateWithoutApp()
            let accepted = try await Self.challenge(client).accepted.body.json
            #expect(accepted.sentTo == "+98912***4567")
            #expect(accepted.expiresAt == Date(timeIntervalSince1970: TimeInterval(harness.clock.now() + 120)))
            let (code, text) = try await Self.lastCode(harness)
            #expect(text.hasPrefix("خرید: فروشگاه نمونه\n"), "a purchase when no type is named")
            #expect(text.contains("\n۲٬۵۰۰٬۰۰۰ ریال\n"))
            #expect(text.contains("\nرمز: \(code) تا ") && text.contains("به کسی ندهید"))
            #expect(text.hasSuffix("\n@pay.bank.ir #\(code)"), "the WebOTP line ends the SMS")
            #expect(harness.sms.messages.last?.purpose == .challenge)

            let persian = DecimalDigits.persian(code)
            #expect(try await Self.verify(client, code: persian).decision == .approved, "any digit set")
            let replay = try await Self.verify(client, code: code, transaction: "pay-2")
            #expect(replay.reason == .replayed)
        }
    }

    @Test func anotherTransactionOrAmountIsRefusedWithItsReason() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .verify)) { client, _ in
            try await harness.registerCard(client)
            try await harness.activateWithoutApp()
            _ = try await Self.challenge(client).accepted
            let (code, _) = try await Self.lastCode(harness)
            #expect(try await Self.verify(client, code: code, transaction: "t-a").reason == .transactionMismatch)
            let amount = try await Self.verify(client, code: code, amount: 9_500_000)
            #expect(amount.reason == .amountMismatch && amount.attemptsLeft == 1)
        }
    }

    @Test func anotherMerchantOrALateCodeIsRefusedWithItsReason() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .verify)) { client, _ in
            try await harness.registerCard(client)
            try await harness.activateWithoutApp()
            _ = try await Self.challenge(client, transaction: "pay-1").accepted
            let (first, _) = try await Self.lastCode(harness)
            #expect(try await Self.verify(client, code: first, merchant: "shop-1").reason == .merchantMismatch)
            _ = try await Self.challenge(client, transaction: "pay-2").accepted
            let (second, _) = try await Self.lastCode(harness)
            harness.clock.advance(by: 120)
            #expect(try await Self.verify(client, code: second, transaction: "pay-2").reason == .expired)
        }
    }

    @Test func threeWrongCodesLockSMSCodesUntilANewActivation() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .verify, .activate)) { client, _ in
            try await harness.registerCard(client)
            try await harness.activateWithoutApp()
            _ = try await Self.challenge(client).accepted
            var decisions: [Components.Schemas.VerificationDecision] = []
            for transaction in ["a", "b", "c"] {
                decisions.append(try await Self.verify(client, code: "1111111", transaction: transaction))
            }
            #expect(decisions.map(\.attemptsLeft) == [2, 1, 0])
            #expect(decisions.map(\.isoResponseCode) == ["55", "55", "55"])
            let (code, _) = try await Self.lastCode(harness)
            let locked = try await Self.verify(client, code: code)
            #expect(locked.reason == .locked && locked.isoResponseCode == "75", "PIN tries exceeded")
            let refused = try await Self.challenge(client, transaction: "pay-9").conflict.body.applicationProblemJson
            #expect(refused.code == "codes_locked")
            _ = try await harness.provision(client)
            _ = try await Self.challenge(client, transaction: "pay-10").accepted
        }
    }

    @Test func aCardGetsAFewCodesAMinuteAndIsToldWhenToAskAgain() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .verify)) { client, _ in
            try await harness.registerCard(client)
            try await harness.activateWithoutApp()
            _ = try await Self.challenge(client, transaction: "1").accepted
            harness.clock.advance(by: 10)
            _ = try await Self.challenge(client, transaction: "2").accepted
            let refused = try await Self.challenge(client, transaction: "3")
            guard case .tooManyRequests(let response) = refused else {
                Issue.record("expected 429, got \(refused)")
                return
            }
            #expect(response.headers.retryAfter == 50)
            #expect(try response.body.applicationProblemJson.code == "too_many_codes")
            harness.clock.advance(by: 50)
            _ = try await Self.challenge(client, transaction: "4").accepted
        }
    }

    @Test func badChallengesAreTypedProblems() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .verify)) { client, _ in
            #expect(try await Self.challenge(client).notFound.body.applicationProblemJson.code == "unknown_card")
            try await harness.registerCard(client)
            try await harness.activateWithoutApp()
            #expect(
                try await Self.challenge(client, amount: 0).unprocessableContent.body.applicationProblemJson.code
                    == "invalid_request"
            )
        }
    }
}
