import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaProtocol
import PooyaSQLite
import PooyaTesting
import Testing

struct VerificationTests {
    let harness: IssuerHarness
    init() throws { harness = try IssuerHarness() }

    private func activeToken(_ kind: PINKind = .second) async throws -> ProvisionedToken {
        try await harness.registerCard()
        return try await harness.provisionedToken(kind)
    }

    @Test func aCodeIsAcceptedOnceOnly() async throws {
        let token = try await activeToken()
        let code = try harness.code(token)
        #expect(try await harness.verify(code) == .approved)
        #expect(try await harness.verify(code) == .rejected(.replayed, attemptsLeft: 3))
    }

    @Test func thePreviousStepsCodeIsStillAcceptedButNotTheOneBefore() async throws {
        let token = try await activeToken()
        #expect(try await harness.verify(harness.code(token, at: -60)) == .approved)
        #expect(try await harness.verify(harness.code(token, at: -120)) == .rejected(.expired, attemptsLeft: 2))
        #expect(try await harness.verify(harness.code(token, at: 60)) == .clockDrift(seconds: 60, attemptsLeft: 1))
    }

    @Test func anOlderCodeIsRefusedOnceANewerOneWasAccepted() async throws {
        let token = try await activeToken()
        let older = try harness.code(token, at: -60)
        #expect(try await harness.verify(harness.code(token)) == .approved)
        #expect(try await harness.verify(older) == .rejected(.expired, attemptsLeft: 2))
    }

    @Test func codesTypedInPersianDigitsAreAccepted() async throws {
        let token = try await activeToken()
        let persian = String(
            try harness.code(token).unicodeScalars.map { Character(Unicode.Scalar($0.value - 0x30 + 0x06F0)!) }
        )
        #expect(try await harness.verify(persian) == .approved)
    }

    @Test func threeWrongCodesInARowLockUntilANewActivation() async throws {
        let token = try await activeToken()
        let wrong = try harness.wrongCode(token)
        #expect(try await harness.verify(wrong) == .rejected(.invalidCode, attemptsLeft: 2))
        #expect(try await harness.verify(wrong) == .rejected(.invalidCode, attemptsLeft: 1))
        #expect(try await harness.verify(wrong) == .rejected(.invalidCode, attemptsLeft: 0))
        #expect(try await harness.verify(harness.code(token)) == .rejected(.locked, attemptsLeft: 0))
        let renewed = try await harness.provisionedToken()
        #expect(try await harness.verify(harness.code(renewed)) == .approved)
    }

    @Test(arguments: [String(repeating: "7", count: 5_000), "123456", "123456789", "12a4567", "", "۱۲۳۴۵۶"])
    func aCodeNoCodeCouldBeIsRefusedAsMalformedAndCountsNothing(code: String) async throws {
        let token = try await activeToken()
        for _ in 0..<4 {
            await #expect(throws: IssuerError.malformedCode(.second)) { try await harness.verify(code) }
        }
        // Four malformed codes counted nothing: the first wrong code still leaves two tries.
        #expect(try await harness.verify(try harness.wrongCode(token)) == .rejected(.invalidCode, attemptsLeft: 2))
        #expect(try await harness.verify(harness.code(token)) == .approved)
    }

    @Test func theRegisteredMobileIsToldOnceWhenWrongCodesLockTheDynamicPIN() async throws {
        let token = try await activeToken()
        try await harness.deliverSMS()
        let before = harness.sms.messages.count
        let wrong = try harness.wrongCode(token)
        for _ in 0..<5 { _ = try await harness.verify(wrong) }
        try await harness.deliverSMS()
        let notices = harness.sms.messages.dropFirst(before)
        #expect(notices.count == 1, "one notice, when the lock falls")
        let notice = try #require(notices.first)
        #expect(notice.purpose == .lock && notice.to.e164 == "+989121234567")
        #expect(notice.text.contains("کارت ۰۰۱۸") && notice.text.contains("قفل شد"), "\(notice.text)")
        #expect(SMSLength.parts(of: notice.text) == 1)
    }

    @Test func aRightCodeResetsTheCount() async throws {
        let token = try await activeToken()
        let wrong = try harness.wrongCode(token)
        _ = try await harness.verify(wrong)
        _ = try await harness.verify(wrong)
        #expect(try await harness.verify(harness.code(token)) == .approved)
        harness.clock.advance(by: 60)
        #expect(try await harness.verify(try harness.wrongCode(token)) == .rejected(.invalidCode, attemptsLeft: 2))
    }

    @Test func theStaticSecondPINIsRefusedOnceTheDynamicOneIsActive() async throws {
        try await harness.registerCard()
        let request = { (id: String) in
            VerificationRequest(
                card: try harness.issuer.reference(to: try PAN(parsing: IssuerHarness.pan)),
                pin: .staticPIN,
                kind: .second,
                amount: 5,
                merchantID: "m",
                transactionID: id
            )
        }
        #expect(try await harness.issuer.verify(request("before")).decision == .staticPINAllowed)
        _ = try await harness.provisionedToken()
        #expect(
            try await harness.issuer.verify(request("after")).decision == .rejected(.staticPINDisabled, attemptsLeft: 0)
        )
    }

    @Test func aBankMayKeepTheStaticSecondPINForSmallPaymentsAfterActivation() async throws {
        var policy = IssuerPolicy()
        policy.staticSecondPINMaxAmount = 1_000_000
        let harness = try IssuerHarness(policy: policy)
        try await harness.registerCard()
        _ = try await harness.provisionedToken()
        let pan = try PAN(parsing: IssuerHarness.pan)
        func staticPIN(_ amount: Int64) async throws -> VerificationDecision {
            try await harness.issuer.verify(
                VerificationRequest(
                    card: harness.issuer.reference(to: pan),
                    pin: .staticPIN,
                    kind: .second,
                    amount: amount,
                    merchantID: "m",
                    transactionID: UUID().uuidString
                )
            ).decision
        }
        #expect(try await staticPIN(1_000_000) == .staticPINAllowed)
        #expect(try await staticPIN(1_000_001) == .rejected(.staticPINDisabled, attemptsLeft: 0))
    }

    @Test func aCardWithoutATokenOfTheKindIsNotActivated() async throws {
        try await harness.registerCard()
        #expect(try await harness.verify("1234567") == .rejected(.notActivated, attemptsLeft: 0))
    }

    @Test func aCodeOfTheOtherKindIsTold() async throws {
        try await harness.registerCard()
        let second = try await harness.provisionedToken(.second)
        _ = try await harness.provisionedToken(.first)
        #expect(try await harness.verify(harness.code(second), kind: .first) == .rejected(.wrongKind, attemptsLeft: 2))
    }

    @Test func aRevokedTokensCodesFail() async throws {
        let token = try await activeToken()
        try await harness.issuer.revokeToken(token.parameters.tokenID)
        #expect(try await harness.verify(harness.code(token)) == .rejected(.notActivated, attemptsLeft: 0))
        await #expect(throws: IssuerError.unknownToken) { try await harness.issuer.revokeToken("tok_missing") }
    }

    @Test func aRetryWithTheSameTransactionGetsTheSameDecisionAndCountsOnce() async throws {
        let token = try await activeToken()
        let wrong = try harness.wrongCode(token)
        for _ in 0..<5 {
            #expect(try await harness.verify(wrong, transaction: "tx-1") == .rejected(.invalidCode, attemptsLeft: 2))
        }
        let code = try harness.code(token)
        #expect(try await harness.verify(code, transaction: "tx-2") == .approved)
        #expect(try await harness.verify(code, transaction: "tx-2") == .approved)
    }

    @Test func afterARefusalAnotherCodeForTheSameTransactionIsDecidedAndCountsButAfterAnApprovalItIsAnError()
        async throws
    {
        let token = try await activeToken()
        let wrong = try harness.wrongCode(token)
        #expect(try await harness.verify(wrong, transaction: "tx-1") == .rejected(.invalidCode, attemptsLeft: 2))
        #expect(
            try await harness.verify(wrong, amount: 999, transaction: "tx-1")
                == .rejected(.invalidCode, attemptsLeft: 1)
        )
        #expect(try await harness.verify(harness.code(token), transaction: "tx-1") == .approved)
        await #expect(throws: IssuerError.transactionIDReused) {
            try await harness.verify(wrong, transaction: "tx-1")
        }
    }

    @Test func aTransactionIDReusedForAnotherRequestIsAnError() async throws {
        let token = try await activeToken()
        _ = try await harness.verify(harness.code(token), amount: 100, transaction: "tx-1")
        await #expect(throws: IssuerError.transactionIDReused) {
            try await harness.verify(harness.code(token), amount: 200, transaction: "tx-1")
        }
    }

    @Test func aCappedCodePaysUpToItsCapOnceWithinItsValidity() async throws {
        let token = try await activeToken()
        let capped = CappedCode(cap: AmountCap(roundingDown: 5_000_000)!, validity: CappedValidity(atMostMinutes: 10)!)
        let code = try capped.code(seed: token.seed, algorithm: token.parameters.algorithm, at: harness.clock.now())
        harness.clock.advance(by: 300)
        #expect(try await harness.verify(code, amount: 5_000_001) == .rejected(.amountAboveCap, attemptsLeft: 3))
        #expect(try await harness.verify(code, amount: 5_000_000) == .approved)
        #expect(try await harness.verify(code, amount: 10) == .rejected(.replayed, attemptsLeft: 3))
        let late = try capped.code(seed: token.seed, algorithm: token.parameters.algorithm, at: harness.clock.now())
        harness.clock.advance(by: 11 * 60)
        #expect(try await harness.verify(late, amount: 10) == .rejected(.invalidCode, attemptsLeft: 2))
    }

    @Test func aForgedCapIsRefused() async throws {
        let token = try await activeToken()
        let capped = CappedCode(cap: AmountCap(roundingDown: 1_000)!, validity: CappedValidity(index: 0)!)
        let code = try capped.code(seed: token.seed, algorithm: token.parameters.algorithm, at: harness.clock.now())
        let forged = "99" + code.dropFirst(2)
        #expect(try await harness.verify(String(forged), amount: 90_000) == .rejected(.invalidCode, attemptsLeft: 2))
    }

    @Test func badRequestsAreErrorsNotDecisions() async throws {
        _ = try await activeToken()
        await #expect(throws: IssuerError.invalidRequest("the amount must not be negative")) {
            try await harness.verify("1234567", amount: -1)
        }
        await #expect(throws: IssuerError.unknownCard) {
            try await harness.verify("1234567", pan: "6037991200000002")
        }
    }
}

struct CardBindingTests {
    @Test func aCodeIsValidOnlyForItsOwnCard() async throws {
        let harness = try IssuerHarness()
        let other = "6037991200000002"
        try await harness.registerCard()
        try await harness.registerCard(other, mobile: "09351112233")
        let token = try await harness.provisionedToken()
        _ = try await harness.provisionedToken(.second, pan: other)
        let code = try harness.code(token)
        #expect(try await harness.verify(code, pan: other) == .rejected(.invalidCode, attemptsLeft: 2))
        #expect(try await harness.verify(code) == .approved)
    }
}
