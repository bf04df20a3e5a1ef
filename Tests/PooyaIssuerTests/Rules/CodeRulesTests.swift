@testable import PooyaIssuer
import PooyaProtocol
import Testing

/// Single use, the binding of a gateway's code, the amount cap and the limits on issued codes.
struct CodeRulesTests {
    @Test func noStepAtOrBeforeTheOneAcceptedLastIsOpenAgain() {
        #expect(SingleUse.firstOpenStep(of: 10...11, after: nil) == 10)
        #expect(SingleUse.firstOpenStep(of: 10...11, after: 10) == 11)
        #expect(SingleUse.firstOpenStep(of: 10...11, after: 11) == 12, "nothing of the window is open")
        #expect(SingleUse.firstOpenStep(of: 10...11, after: 3) == 10)
        #expect(SingleUse.isReplay(step: 11, lastAccepted: 11))
        #expect(!SingleUse.isReplay(step: 10, lastAccepted: 11), "an older unused code was superseded, not replayed")
    }

    @Test func anIssuedCodeIsUsedOnceAndCappedMinutesThatStoppedMatteringAreForgotten() throws {
        var code = RuleFixtures.issued("a", at: 0)
        #expect(!SingleUse.isUsed(code))
        SingleUse.use(&code, now: 5)
        #expect(SingleUse.isUsed(code) && code.usedAt == 5)
        var token = try #require(try RuleFixtures.state(token: true).tokens.first)
        token.usedCappedMinutes = [1: 100, 2: 300]
        SingleUse.use(cappedMinute: 3, until: 400, of: &token, now: 200)
        #expect(token.usedCappedMinutes == [2: 300, 3: 400])
    }

    @Test func aGatewaysCodeIsForItsTransactionAmountAndMerchantOnly() throws {
        let card = try RuleFixtures.state().card
        let binding = IssuedCode.Binding(transactionID: "t", amount: 500, merchantID: "m")
        func request(_ transaction: String = "t", _ amount: Int64 = 500, _ merchant: String = "m")
            -> VerificationRequest
        {
            VerificationRequest(
                card: CardReference(pan: try! PAN(parsing: "6104337800000018"), fingerprint: card.fingerprint),
                pin: .staticPIN,
                kind: .second,
                amount: amount,
                merchantID: merchant,
                transactionID: transaction
            )
        }
        #expect(CodeBinding.rejection(binding, for: request()) == nil)
        #expect(CodeBinding.rejection(nil, for: request("other")) == nil, "an unbound code pays anything")
        #expect(CodeBinding.rejection(binding, for: request("other")) == .transactionMismatch)
        #expect(CodeBinding.rejection(binding, for: request("t", 501)) == .amountMismatch)
        #expect(CodeBinding.rejection(binding, for: request("t", 500, "x")) == .merchantMismatch)
    }

    @Test func aCappedCodePaysUpToItsCap() {
        #expect(AmountCap.rejection(amount: 1_000, cap: 1_000) == nil)
        #expect(AmountCap.rejection(amount: 1_001, cap: 1_000) == .amountAboveCap)
    }

    @Test func twoCodesAMinuteAndTenAnHourThenWaitForTheOldestToAge() {
        let policy = IssuerPolicy()
        let now = RuleFixtures.now
        #expect(CodeLimits.retryAfter([], policy: policy, now: now) == nil)
        let twoNow = [RuleFixtures.issued("a", at: now - 10), RuleFixtures.issued("b", at: now - 5)]
        #expect(CodeLimits.retryAfter(twoNow, policy: policy, now: now) == 50)
        let tenThisHour = (0..<10).map { RuleFixtures.issued("h\($0)", at: now - 3_000 + Int64($0) * 120) }
        #expect(CodeLimits.retryAfter(tenThisHour, policy: policy, now: now) == 600)
    }
}
