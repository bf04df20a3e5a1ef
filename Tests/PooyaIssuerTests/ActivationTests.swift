import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaKeyVault
import PooyaProtocol
import PooyaSQLite
import PooyaTesting
import Testing

struct ActivationTests {
    @Test func anATMActivationPrintsAReceiptPartAndTextsThePersianSMSPartToTheRegisteredMobile() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let result = try await harness.activate(.second, mobile: "+98 912 123 4567")
        #expect(result.receipt.digits.count == 8)
        #expect(result.qrPayload == nil)
        #expect(result.expiresAt == harness.clock.now() + 86_400)
        #expect(result.sentTo == "+98912***4567")
        let message = try #require(harness.sms.messages.last)
        #expect(message.to.e164 == "+989121234567")
        #expect(message.purpose == .activation && message.expiresAt == result.expiresAt)
        #expect(message.text.contains("بانک ملت"))
        #expect(message.text.contains("کد فعال‌سازی رمز دوم پویا"))
        #expect(message.text.contains("۲۴ ساعت"))
        #expect(message.text.contains(result.serial.digits))
        #expect(!message.text.contains(result.receipt.digits))
        _ = try harness.smsPart()
        #expect(!String(describing: message).contains(try harness.smsPart().digits.prefix(8)))
    }

    @Test func theInternetBankAlsoGetsAQRPayloadWithTheSerialAndScreenPart() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let result = try await harness.activate(.second, channel: .internetBank)
        let reference = try ActivationReference(qrPayload: try #require(result.qrPayload))
        #expect(reference.serial == result.serial && reference.receipt == result.receipt)
    }

    @Test func anUnknownCardIsRefused() async throws {
        let harness = try IssuerHarness()
        await #expect(throws: IssuerError.unknownCard) { try await harness.activate() }
        #expect(harness.sms.messages.isEmpty)
    }

    @Test func aMobileThatIsNotTheRegisteredOneIsRefusedWithItsOwnError() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        await #expect(throws: IssuerError.mobileMismatch) { try await harness.activate(mobile: "09351112233") }
        #expect(harness.sms.messages.isEmpty)
    }

    @Test func aBlockedCardIsRefused() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard(options: CardOptions.Update(blocked: true))
        await #expect(throws: IssuerError.cardBlocked) { try await harness.activate() }
    }

    @Test func aNewActivationClosesTheOlderOneOfTheSameKind() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let first = try await harness.activate()
        let firstSMS = try harness.smsPart()
        _ = try await harness.activate()
        let stale = ProvisioningClient(code: ActivationCode(receipt: first.receipt, sms: firstSMS))
        await #expect(throws: IssuerError.activationClosed) { try await harness.issuer.provision(stale.request) }
    }

    @Test func theRegisteredMobileCanBeCorrectedAtTheBank() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let updated = try await harness.issuer.registerCard(
            pan: PAN(parsing: IssuerHarness.pan),
            mobile: MobileNumber(parsing: "09351112233")
        )
        #expect(!updated.created && updated.card.mobile.e164 == "+989351112233")
        _ = try await harness.activate(mobile: "09351112233")
        await #expect(throws: IssuerError.mobileMismatch) { try await harness.activate() }
    }
}

struct ProvisioningTests {
    @Test func theAuthenticatorAndIssuerShareASeedAndItsCodesAreApproved() async throws {
        let harness = try IssuerHarness()
        let card = try await harness.registerCard()
        let token = try await harness.provisionedToken()
        #expect(token.parameters.digits == 7 && token.parameters.period == 60 && token.parameters.kind == .second)
        #expect(token.parameters.maskedPAN == "610433******0018" && token.parameters.bank == "Bank Mellat")
        #expect(try await harness.verify(harness.code(token)) == .approved)
        let status = try #require(try await harness.issuer.cardStatus(cardID: card.id))
        #expect(status.tokens.map(\.tokenID) == [token.parameters.tokenID])
        #expect(status.card.staticSecondPINDisabled)
    }

    @Test func aWrongPartCostsAnAttemptAndTheTicketClosesWhenTheyRunOut() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let result = try await harness.activate()
        let sms = try harness.smsPart()
        let wrong = try ReceiptPart(parsing: result.receipt.digits == "00000000" ? "11111111" : "00000000")
        for left in (0..<5).reversed() {
            var request = ProvisioningClient(code: ActivationCode(receipt: wrong, sms: sms)).request
            request.lookupID = ActivationCode(receipt: result.receipt, sms: sms).lookupID
            await #expect(throws: IssuerError.activationCodeMismatch(attemptsLeft: left)) {
                try await harness.issuer.provision(request)
            }
        }
        let right = ProvisioningClient(code: ActivationCode(receipt: result.receipt, sms: sms))
        await #expect(throws: IssuerError.activationClosed) { try await harness.issuer.provision(right.request) }
    }

    @Test func anExpiredTicketCannotBeUsed() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let client = try await harness.startedHandshake().client
        harness.clock.advance(by: 86_400)
        await #expect(throws: IssuerError.activationExpired) { try await harness.issuer.provision(client.request) }
    }

    @Test func aReplayedRequestFails() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let client = try await harness.startedHandshake().client
        _ = try await harness.issuer.provision(client.request)
        await #expect(throws: IssuerError.activationClosed) { try await harness.issuer.provision(client.request) }
    }

    @Test func anUnknownLookupIDIsNotFound() async throws {
        let harness = try IssuerHarness()
        var random = SystemRandomNumberGenerator()
        let client = ProvisioningClient(
            code: ActivationCode(receipt: .random(using: &random), sms: .random(using: &random))
        )
        await #expect(throws: IssuerError.activationNotFound) { try await harness.issuer.provision(client.request) }
    }

    @Test func aNewTokenRevokesTheOldOneOfItsKindOnly() async throws {
        let harness = try IssuerHarness()
        let card = try await harness.registerCard()
        let old = try await harness.provisionedToken(.second)
        let first = try await harness.provisionedToken(.first)
        let new = try await harness.provisionedToken(.second)
        let status = try #require(try await harness.issuer.cardStatus(cardID: card.id))
        #expect(Set(status.tokens.map(\.tokenID)) == [first.parameters.tokenID, new.parameters.tokenID])
        #expect(try await harness.verify(harness.code(old)) == .rejected(.invalidCode, attemptsLeft: 2))
        #expect(try await harness.verify(harness.code(new)) == .approved)
        #expect(try await harness.verify(harness.code(first), kind: .first) == .approved)
    }

    @Test func aDynamicFirstPINLeavesTheStaticFirstPINWorking() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let token = try await harness.provisionedToken(.first)
        #expect(token.parameters.digits == 4)
        let pan = try harness.issuer.reference(to: try PAN(parsing: IssuerHarness.pan))
        let staticFirst = VerificationRequest(
            card: pan,
            pin: .staticPIN,
            kind: .first,
            amount: 1,
            merchantID: "m",
            transactionID: "s1"
        )
        #expect(try await harness.issuer.verify(staticFirst).decision == .staticPINAllowed)
        let staticSecond = VerificationRequest(
            card: pan,
            pin: .staticPIN,
            kind: .second,
            amount: 1,
            merchantID: "m",
            transactionID: "s2"
        )
        #expect(try await harness.issuer.verify(staticSecond).decision == .staticPINAllowed)
    }

    @Test func malformedHandshakesAreTypedErrors() async throws {
        let harness = try IssuerHarness()
        var random = SystemRandomNumberGenerator()
        var request = ProvisioningClient(
            code: ActivationCode(receipt: .random(using: &random), sms: .random(using: &random))
        ).request
        request.version = 9
        await #expect(throws: IssuerError.malformedHandshake("malformed provisioning message: unknown version 9")) {
            try await harness.issuer.provision(request)
        }
    }
}

struct ActivationSMSOutboxTests {
    @Test func whileTheGatewayIsDownTheSMSWaitsAndGoesOutWithBackoffWhenItIsBack() async throws {
        let harness = try IssuerHarness()
        let card = try await harness.registerCard()
        harness.sms.setFailing(true)
        let result = try await harness.activate()
        #expect(harness.sms.messages.isEmpty)
        harness.clock.advance(by: 1)
        #expect(try await harness.deliverSMS().failed == 0, "not due before its backoff of 2 s")
        harness.clock.advance(by: 1)
        #expect(try await harness.deliverSMS().failed == 1)
        harness.clock.advance(by: 3)
        #expect(try await harness.deliverSMS().failed == 0, "the second wait is 4 s")
        harness.sms.setFailing(false)
        harness.clock.advance(by: 1)
        #expect(try await harness.deliverSMS().sent == 1)
        #expect(harness.sms.messages.count == 1 && harness.sms.messages[0].text.contains(result.serial.digits))
        #expect(try await harness.deliverSMS().sent == 0, "sent once")
        let status = try #require(try await harness.issuer.cardStatus(cardID: card.id))
        #expect(status.openActivations.count == 1)
        _ = try await harness.provisionedToken()
    }

    @Test func anSMSThatCouldNotBeSentBeforeItsActivationExpiredIsNeverSent() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        harness.sms.setFailing(true)
        _ = try await harness.activate()
        harness.sms.setFailing(false)
        harness.clock.advance(by: 86_400)
        let report = try await harness.deliverSMS()
        #expect(report.expired == 1 && report.sent == 0 && report.failed == 0)
        #expect(harness.sms.messages.isEmpty)
        let counts = try await harness.store.outboxCounts()
        #expect(counts[.expired] == 1 && counts[.queued] == nil)
    }

    @Test func theOutboxHoldsTheTextSealedNeverInClear() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        harness.sms.setFailing(true)
        _ = try await harness.activate()
        let message = try #require(
            try await harness.store.claimDue(now: harness.clock.now() + 10, leaseUntil: 0, limit: 1).first
        )
        let text = String(
            decoding: try harness.vault.open(message.sealedText, context: "sms:\(message.id)"),
            as: UTF8.self
        )
        #expect(text.contains("کد فعال‌سازی"))
        #expect(!message.sealedText.combined.contains(Array("کد".utf8)))
    }
}
