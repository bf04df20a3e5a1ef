import PooyaIssuer
import Testing

struct ISOResponseCodeTests {
    @Test func everyDecisionHasTheCodeATerminalUnderstands() {
        #expect(VerificationDecision.approved.isoResponseCode == "00")
        #expect(VerificationDecision.staticPINAllowed.isoResponseCode == "00")
        #expect(VerificationDecision.clockDrift(seconds: -180, attemptsLeft: 2).isoResponseCode == "55")
        let expected: [RejectionReason: String] = [
            .invalidCode: "55", .expired: "55", .replayed: "55", .wrongKind: "55", .staticPINDisabled: "55",
            .clockDrift: "55", .transactionMismatch: "55", .amountMismatch: "55", .merchantMismatch: "55",
            .transactionTypeMismatch: "55", .locked: "75", .cardBlocked: "62", .cardSuspended: "62",
            .notActivated: "57", .amountAboveCap: "61",
        ]
        #expect(Set(expected.keys) == Set(RejectionReason.allCases), "the table names every reason")
        for (reason, code) in expected {
            #expect(VerificationDecision.rejected(reason, attemptsLeft: 0).isoResponseCode == code, "\(reason)")
        }
    }
}
