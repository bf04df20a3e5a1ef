import PooyaIssuer
import PooyaProtocol
import PooyaTesting
import Testing

/// The cardholder's kill switch, and the holes closed in the same change: a blocked card's codes, updates that name
/// only some options, and a new registered mobile.
struct KillSwitchTests {
    @Test func aSuspensionRevokesTheAppTokenRefusesEveryCodeAndTellsTheCardholderHowToGetBack() async throws {
        let harness = try IssuerHarness()
        let card = try await harness.registerCard()
        let token = try await harness.provisionedToken()
        try await harness.issuer.suspendCard(cardID: card.id)
        try await harness.deliverSMS()
        let message = try #require(harness.sms.messages.last)
        #expect(message.purpose == .suspension && message.to.e164 == "+989121234567")
        #expect(message.text.contains("غیرفعال شد") && message.text.contains("خودپرداز"))
        #expect(try await harness.verify(try harness.code(token)) == .rejected(.cardSuspended, attemptsLeft: 0))
        let status = try #require(try await harness.issuer.cardStatus(cardID: card.id))
        #expect(status.tokens.isEmpty && status.card.staticSecondPINDisabled && status.card.suspendedAt != nil)
        let trail = try await harness.issuer.auditTrail(cardID: card.id).map(\.event)
        #expect(trail.contains { $0.action == .cardSuspended && $0.channel == .api })
        #expect(trail.contains { $0.action == .tokenRevoked && $0.reason == .revocation(.suspended) })

        let again = try await harness.provisionedToken()
        #expect(try await harness.verify(try harness.code(again)) == .approved, "a new activation lifts it")
    }

    @Test func lockBySMSFromTheRegisteredMobileSuspendsAndFromAnyOtherGetsTheNeutralAnswer() async throws {
        let harness = try IssuerHarness()
        let card = try await harness.registerCard()
        let token = try await harness.provisionedToken()
        let stranger = try MobileNumber(parsing: "09351112233")
        #expect(try await harness.issuer.answerInboundSMS(from: stranger, text: "قفل ۰۰۱۸") == .neutral)
        #expect(try await harness.issuer.answerInboundSMS(from: stranger, text: "0018") == .neutral)
        #expect(try await harness.verify(try harness.code(token)) == .approved, "nothing changed")
        let owner = try MobileNumber(parsing: IssuerHarness.mobile)
        #expect(try await harness.issuer.answerInboundSMS(from: owner, text: "LOCK 1234") == .neutral, "not their card")
        #expect(try await harness.issuer.answerInboundSMS(from: owner, text: "lock ۰۰۱۸") == .suspended)
        #expect(try await harness.issuer.cardStatus(cardID: card.id)?.card.suspendedAt != nil)
    }

    @Test func aBlockedCardsAppCodesAndStaticPINAreRefused() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        try await harness.registerCard(options: CardOptions.Update(blocked: true))
        #expect(try await harness.verify(try harness.code(token)) == .rejected(.cardBlocked, attemptsLeft: 0))
        let staticPIN = VerificationRequest(
            card: try harness.issuer.reference(to: try PAN(parsing: IssuerHarness.pan)),
            pin: .staticPIN,
            kind: .first,
            amount: 1,
            merchantID: "m",
            transactionID: "static"
        )
        #expect(try await harness.issuer.verify(staticPIN).decision == .rejected(.cardBlocked, attemptsLeft: 0))
    }

    @Test func anUpdateWithoutOptionsKeepsTheStoredOnes() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard(options: CardOptions.Update(blocked: true, smsCodes: false))
        let updated = try await harness.registerCard(mobile: "09121234567")
        #expect(updated.options == CardOptions(blocked: true, smsCodes: false, ussdCodes: true))
        let unblocked = try await harness.registerCard(options: CardOptions.Update(blocked: false))
        #expect(unblocked.options == CardOptions(blocked: false, smsCodes: false, ussdCodes: true))
    }

    @Test func aNewMobileClosesOpenActivationsAndLaterSMSGoThere() async throws {
        let harness = try IssuerHarness()
        let card = try await harness.registerCard()
        let (_, client) = try await harness.startedHandshake()
        try await harness.registerCard(mobile: "09351112233")
        await #expect(throws: IssuerError.activationClosed) { try await harness.issuer.provision(client.request) }
        let trail = try await harness.issuer.auditTrail(cardID: card.id).map(\.event.action)
        #expect(trail.contains(.mobileChanged) && trail.contains(.activationSuperseded))
        _ = try await harness.activate(mobile: "09351112233")
        #expect(harness.sms.messages.last?.to.e164 == "+989351112233")
    }
}
