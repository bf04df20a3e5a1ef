@testable import PooyaIssuer
import PooyaProtocol
import Testing

/// The rules about the card as a whole: block, suspension, static PIN, who gets codes, the activation window, a new
/// mobile, and what a new activation clears.
struct CardRulesTests {
    let now = RuleFixtures.now

    @Test func aBlockedCardApprovesNothingAndASuspendedOneNothingUntilActivatedAgain() throws {
        var card = try RuleFixtures.state().card
        #expect(CardBlock.rejection(for: card) == nil)
        card.suspendedAt = 1
        #expect(CardBlock.rejection(for: card) == .cardSuspended)
        #expect(CardBlock.codeRefusal(for: card) == .cardSuspended)
        #expect(CardBlock.activationRefusal(for: card) == nil, "activating again is the way back")
        card.options.blocked = true
        #expect(CardBlock.rejection(for: card) == .cardBlocked)
        #expect(CardBlock.activationRefusal(for: card) == .cardBlocked)
    }

    @Test func theStaticSecondPINIsRefusedOnceDisabledAndTheFirstAlwaysAllowed() throws {
        var state = try RuleFixtures.state()
        let policy = IssuerPolicy()
        func decision(_ kind: PINKind, amount: Int64 = 5_000, policy: IssuerPolicy = policy) -> VerificationDecision {
            StaticSecondPIN.decision(for: state.card, kind: kind, amount: amount, policy: policy)
        }
        #expect(decision(.second) == .staticPINAllowed)
        StaticSecondPIN.disable(in: &state, now: now)
        StaticSecondPIN.disable(in: &state, now: now)
        #expect(state.events.map(\.fact) == [.staticPINDisabled], "disabled once")
        #expect(decision(.second) == .rejected(.staticPINDisabled, attemptsLeft: 0))
        #expect(decision(.first) == .staticPINAllowed)
    }

    @Test func thePolicyMayAllowTheStaticSecondPINForSmallAmountsOnly() throws {
        var state = try RuleFixtures.state()
        StaticSecondPIN.disable(in: &state, now: now)
        var policy = IssuerPolicy()
        policy.staticSecondPINMaxAmount = 1_000_000
        let card = state.card
        #expect(
            StaticSecondPIN.decision(for: card, kind: .second, amount: 1_000_000, policy: policy) == .staticPINAllowed
        )
        #expect(
            StaticSecondPIN.decision(for: card, kind: .second, amount: 1_000_001, policy: policy)
                == .rejected(.staticPINDisabled, attemptsLeft: 0),
            "above the amount the refusal keeps its reason"
        )
        policy.staticSecondPINMaxAmount = 1_000_001
        #expect(throws: IssuerError.self) { try policy.validated() }
    }

    @Test func smsCodesNeedTheChannelAnActivationAndNoLock() throws {
        var policy = IssuerPolicy()
        var state = try RuleFixtures.state(options: CardOptions(ussdCodes: false))
        #expect(CodeEligibility.refusal(for: state, channel: .ussd, policy: policy) == .codesNotOffered)
        #expect(CodeEligibility.refusal(for: state, channel: .sms, policy: policy) == .notActivated)
        policy.smsCodesNeedActivation = false
        #expect(CodeEligibility.refusal(for: state, channel: .challenge, policy: policy) == nil)
        policy.smsCodesNeedActivation = true
        state.card.smsActivatedAt = 1
        #expect(CodeEligibility.refusal(for: state, channel: .sms, policy: policy) == nil)
        state.card.locks.second = PINLock(failures: 3, lockedAt: 2)
        #expect(CodeEligibility.refusal(for: state, channel: .sms, policy: policy) == .codesLocked)
        let withApp = try RuleFixtures.state(token: true)
        #expect(CodeEligibility.refusal(for: withApp, channel: .sms, policy: policy) == nil, "an app token activates")
    }

    @Test func aTicketIsUsableWhileOpenBeforeItsExpiryWithAttemptsLeft() {
        var ticket = RuleFixtures.ticket(attempts: 2)
        #expect(ActivationWindow.refusal(for: ticket, now: now) == nil)
        #expect(ActivationWindow.refusal(for: ticket, now: ticket.expiresAt) == .activationExpired)
        #expect(ActivationWindow.countWrongCode(&ticket, now: now) == .activationCodeMismatch(attemptsLeft: 1))
        #expect(ticket.closedAt == nil)
        #expect(ActivationWindow.countWrongCode(&ticket, now: now) == .activationCodeMismatch(attemptsLeft: 0))
        #expect(ticket.closedAt == now, "the last attempt closes it")
        #expect(ActivationWindow.refusal(for: ticket, now: now) == .activationClosed)
    }

    @Test func aNewMobileClosesEveryOpenActivationAndIsAudited() throws {
        let tickets = [
            RuleFixtures.ticket(serial: "0000000001"), RuleFixtures.ticket(serial: "0000000002", kind: .first),
        ]
        var state = try RuleFixtures.state(tickets: tickets)
        MobileChange.apply(state.card.mobile, to: &state, now: now)
        #expect(
            state.events.isEmpty && state.tickets.allSatisfy { $0.closedAt == nil },
            "the same mobile changes nothing"
        )
        MobileChange.apply(try MobileNumber(parsing: "09351112233"), to: &state, now: now)
        #expect(state.card.mobile.e164 == "+989351112233")
        #expect(state.tickets.allSatisfy { $0.closedAt == now })
        #expect(
            state.events.map(\.fact) == [
                .mobileChanged, .activationSuperseded(.second, serial: "0000000001"),
                .activationSuperseded(.first, serial: "0000000002"),
            ]
        )
    }

    @Test func suspendingRevokesTokensForgetsTheSMSActivationAndKeepsTheStaticPINOffOnce() throws {
        var state = try RuleFixtures.state(token: true)
        state.card.smsActivatedAt = 1
        #expect(Suspension.suspend(&state, channel: .sms, now: now))
        #expect(state.tokens.allSatisfy { $0.revokedAt == now })
        #expect(state.card.suspendedAt == now && state.card.smsActivatedAt == nil && state.card.staticSecondPINDisabled)
        #expect(
            state.events.map(\.fact) == [
                .tokenRevoked(.second, token: "tok_1", .suspended, .sms), .cardSuspended(.sms), .staticPINDisabled,
            ]
        )
        #expect(!Suspension.suspend(&state, channel: .api, now: now + 1), "a second suspension changes nothing")
        #expect(state.events.count == 3)
    }

    @Test func aCompletedActivationClearsItsKindsLockAndLiftsASuspension() throws {
        var state = try RuleFixtures.state()
        state.card.locks = PINLocks(first: PINLock(failures: 1), second: PINLock(failures: 3, lockedAt: 5))
        state.card.suspendedAt = 6
        Reactivation.apply(.second, to: &state, lockout: Lockout(limit: 3), now: now)
        #expect(state.card.locks.second == PINLock() && state.card.locks.first == PINLock(failures: 1))
        #expect(state.card.suspendedAt == nil && state.card.staticSecondPINDisabled)
    }

    @Test func optionsLeftOutOfAnUpdateKeepTheirValues() {
        let stored = CardOptions(blocked: true, smsCodes: false, ussdCodes: true)
        #expect(stored.updated(by: CardOptions.Update()) == stored)
        #expect(stored.updated(by: CardOptions.Update(smsCodes: true)) == CardOptions(blocked: true, smsCodes: true))
    }

    @Test(arguments: [
        ("۰۰۱۸", InboundSMS.code(lastFour: "0018")), (" 0 0 1 8 ", .code(lastFour: "0018")),
        ("قفل ۰۰۱۸", .lock(lastFour: "0018")), ("LOCK 0018", .lock(lastFour: "0018")),
        ("lock٠٠١٨", .lock(lastFour: "0018")),
        ("قفل", .other), ("LOCK 00180", .other), ("hello", .other), ("12345", .other),
    ])
    func anInboundSMSAsksForACodeOrTheKillSwitch(text: String, expected: InboundSMS) {
        #expect(InboundSMS(text: text) == expected)
    }

    @Test func aChangeWritesOnlyWhatChanged() throws {
        let before = try RuleFixtures.state(token: true, tickets: [RuleFixtures.ticket()])
        var after = before
        after.tickets[0].attemptsLeft = 4
        after.record(
            .activationRejected(.second, .authenticator, .refusal(.activationCodeMismatch(attemptsLeft: 4))),
            at: now
        )
        let changes = try CardChanges(from: before, to: after)
        #expect(changes.card == nil && changes.tokens.isEmpty && changes.tickets == after.tickets)
        #expect(changes.auditEvents.map(\.action) == [.activationRejected])
        #expect(throws: CardChanges.CardDeletion.self) { try CardChanges(from: before, to: nil) }
        #expect(try CardChanges(from: nil, to: before).cardIsNew)
    }

    @Test func aPresentedCodeReadsAnyDigitSetAndShowsNothing() {
        let code = PresentedCode(typed: "۱۲٣4567")
        #expect(code.digits == "1234567")
        #expect(PresentedCode(typed: "12a4").digits == nil)
        #expect(!String(describing: code).contains("1") && !String(reflecting: code).contains("1"))
        var dumped = ""
        dump(code, to: &dumped)
        #expect(!dumped.contains("1234567"))
    }
}
