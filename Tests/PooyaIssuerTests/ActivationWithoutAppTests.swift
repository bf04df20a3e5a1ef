import OneTimePassword
import PooyaIssuer
import PooyaProtocol
import PooyaTesting
import Testing

/// Cardholders without an app: the SMS part typed back on the bank's screen completes the activation.
struct ActivationWithoutAppTests {
    func confirm(_ harness: IssuerHarness, _ activation: ActivationResult, _ typed: String) async throws
        -> ActivationConfirmation
    {
        try await harness.issuer.confirmActivation(serial: activation.serial.digits, smsPart: typed)
    }

    func challenge(_ harness: IssuerHarness, _ transaction: String = "pay-1") async throws -> ChallengeResult {
        try await harness.issuer.challenge(
            ChallengeRequest(
                card: harness.issuer.reference(to: try PAN(parsing: IssuerHarness.pan)),
                amount: 10_000,
                merchantID: "m",
                merchantName: try MerchantName("فروشگاه"),
                transactionID: transaction
            )
        )
    }

    @Test func smsCodesWaitForAnActivationAndTheTypedSMSPartTurnsThemOnAndTheStaticPINOff() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        await #expect(throws: IssuerError.notActivated) { try await challenge(harness) }
        let activation = try await harness.activate()
        let typed = DecimalDigits.persian(try harness.smsPart().grouped)
        let confirmation = try await confirm(harness, activation, typed)
        #expect(confirmation.kind == .second && confirmation.maskedPAN == "610433******0018")
        _ = try await challenge(harness)
        let card = try #require(try await harness.issuer.cardStatus(cardID: confirmation.cardID)?.card)
        #expect(card.smsActivatedAt == harness.clock.now() && card.staticSecondPINDisabled)
        await #expect(throws: IssuerError.activationClosed, "used once") {
            try await confirm(harness, activation, typed)
        }
    }

    @Test func aWrongPartSpendsAnAttemptAndAMistypedOneDoesNot() async throws {
        let harness = try IssuerHarness(
            policy: {
                var policy = IssuerPolicy(); policy.activationAttempts = 2; return policy
            }()
        )
        try await harness.registerCard()
        let activation = try await harness.activate()
        let right = try harness.smsPart()
        var generator = SystemRandomNumberGenerator()
        var other = SMSPart.random(using: &generator)
        while other == right { other = SMSPart.random(using: &generator) }
        let mistyped = String(right.digits.dropLast()) + (right.digits.last == "0" ? "1" : "0")
        await #expect {
            try await confirm(harness, activation, mistyped)
        } throws: {
            ($0 as? IssuerError)?.code == "invalid_request"
        }
        let otherPart = other.grouped
        await #expect(throws: IssuerError.activationCodeMismatch(attemptsLeft: 1)) {
            try await confirm(harness, activation, otherPart)
        }
        await #expect(throws: IssuerError.activationCodeMismatch(attemptsLeft: 0)) {
            try await confirm(harness, activation, otherPart)
        }
        await #expect(throws: IssuerError.activationClosed, "exhausted") {
            try await confirm(harness, activation, right.digits)
        }
    }

    @Test func anExpiredActivationOrAFirstPINIsRefused() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let first = try await harness.activate(.first)
        await #expect(throws: IssuerError.appRequired) {
            try await confirm(harness, first, try harness.smsPart().digits)
        }
        let second = try await harness.activate()
        harness.clock.advance(by: 86_400)
        await #expect(throws: IssuerError.activationExpired) {
            try await confirm(harness, second, try harness.smsPart().digits)
        }
        await #expect(throws: IssuerError.activationNotFound) {
            try await harness.issuer.confirmActivation(serial: "0000000000", smsPart: try harness.smsPart().digits)
        }
    }

    @Test func withThePolicyOffSMSCodesNeedNoActivation() async throws {
        var policy = IssuerPolicy()
        policy.smsCodesNeedActivation = false
        let harness = try IssuerHarness(policy: policy)
        try await harness.registerCard()
        _ = try await challenge(harness)
    }

    @Test func aLockOnSMSCodesEndsWithANewActivationOrAnAuditedUnlock() async throws {
        let harness = try IssuerHarness()
        let card = try await harness.registerCard()
        let activation = try await harness.activate()
        _ = try await confirm(harness, activation, try harness.smsPart().digits)
        _ = try await challenge(harness)
        for transaction in ["a", "b", "c"] { _ = try await harness.verify("0000000", transaction: transaction) }
        #expect(try await harness.verify("0000000") == .rejected(.locked, attemptsLeft: 0))
        await #expect(throws: IssuerError.codesLocked) { try await challenge(harness, "pay-2") }
        #expect(try await harness.issuer.unlockCard(cardID: card.id) == [.second])
        #expect(try await harness.issuer.unlockCard(cardID: card.id) == [], "nothing left to unlock")
        harness.clock.advance(by: 60)
        _ = try await challenge(harness, "pay-3")
        let trail = try await harness.issuer.auditTrail(cardID: card.id).map(\.event)
        #expect(trail.contains { $0.action == .pinUnlocked && $0.channel == .admin && $0.kind == .second })
        #expect(trail.filter { $0.action == .pinLocked }.count == 1)
    }
}
