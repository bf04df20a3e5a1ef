@testable import PooyaIssuer
import Testing

struct UnknownActivationTallyTests {
    @Test func anAddressIsAuditedOncePerInterval() {
        let tally = UnknownActivationTally(interval: 600, capacity: 10)
        #expect(tally.isFirst(from: "192.0.2.1", at: 0))
        #expect(!tally.isFirst(from: "192.0.2.1", at: 599))
        #expect(tally.isFirst(from: "192.0.2.1", at: 600))
    }

    @Test func aFullTallyForgetsOnlyWhatHasExpiredAndCountsTheRestInTheMetricsOnly() {
        let tally = UnknownActivationTally(interval: 600, capacity: 3)
        #expect(tally.isFirst(from: "a", at: 0))
        #expect(tally.isFirst(from: "b", at: 100))
        #expect(tally.isFirst(from: "c", at: 200))
        #expect(!tally.isFirst(from: "d", at: 300), "full, and no address's interval is over")
        #expect(!tally.isFirst(from: "e", at: 599))
        #expect(tally.isFirst(from: "d", at: 600), "a's interval is over: it is forgotten, d takes its place")
        #expect(!tally.isFirst(from: "b", at: 650), "b is still remembered")
        #expect(!tally.isFirst(from: "e", at: 650), "full again until b's interval ends at 700")
        #expect(tally.isFirst(from: "e", at: 700))
    }
}
