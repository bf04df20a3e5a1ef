@testable import PooyaIssuer
import Testing

struct SingleRedemptionTests {
    @Test func theFirstPresentationRedeemsAndEveryLaterOneFindsWhen() {
        var approval = RecordedDecision(
            transactionID: "t",
            requestDigest: "d",
            decision: .approved,
            method: .app,
            decidedAt: 1
        )
        #expect(SingleRedemption.redeem(&approval, now: 5) == nil)
        #expect(approval.receiptRedeemedAt == 5)
        #expect(SingleRedemption.redeem(&approval, now: 9) == 5)
        #expect(approval.receiptRedeemedAt == 5, "a later presentation changes nothing")
    }
}
