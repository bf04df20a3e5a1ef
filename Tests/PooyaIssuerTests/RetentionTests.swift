import PooyaIssuer
import PooyaProtocol
import PooyaSQLite
import PooyaTesting
import Testing

/// Records the service no longer needs are deleted after the retention period; the audit trail says so and stays.
struct RetentionTests {
    @Test func oldDecisionsAndCodesAreDeletedAndTheAuditTrailKeepsTheirStory() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        _ = try await harness.verify(harness.code(token), transaction: "old-payment")
        guard case .intact(let entries) = try await harness.issuer.verifyAuditChain() else {
            Issue.record("the audit trail is broken")
            return
        }
        #expect(try await harness.issuer.deleteOldRecords(olderThan: 90) == 0, "nothing is old yet")

        harness.clock.advance(by: 91 * 86_400)
        let deleted = try await AuditActor.$current.withValue(.service(name: "retention")) {
            try await harness.issuer.deleteOldRecords(olderThan: 90, batch: 1)
        }
        #expect(deleted == 2, "the recorded decision and the activation SMS, sent long ago")
        let retention = try #require(try await harness.store.auditEntries(after: entries, limit: 10, card: nil).first)
        #expect(retention.event.action == .recordsDeleted)
        #expect(retention.event.actor == .service(name: "retention"))
        #expect(retention.event.reason == .deleted(2, before: harness.clock.now() - 90 * 86_400))
        // The same transaction id now gets a new decision (retries come within minutes, not months).
        #expect(try await harness.verify(harness.code(token), transaction: "old-payment") == .approved)
        #expect(try await harness.issuer.verifyAuditChain() == .intact(entries: entries + 2))
    }
}
