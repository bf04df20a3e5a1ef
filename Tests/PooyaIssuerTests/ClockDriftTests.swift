import Foundation
import PooyaIssuer
import PooyaProtocol
import PooyaSQLite
import PooyaTesting
import Testing

/// A phone whose clock is off is told apart from a wrong code, and its offset is learnt.
struct ClockDriftTests {
    @Test func aPhoneThreeMinutesBehindIsToldSoTwiceAndThenItsCodesPay() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        // Codes as a phone whose clock is 180 s behind shows them.
        #expect(try await harness.verify(harness.code(token, at: -180)) == .clockDrift(seconds: -180, attemptsLeft: 2))
        harness.clock.advance(by: 60)
        #expect(try await harness.verify(harness.code(token, at: -180)) == .clockDrift(seconds: -180, attemptsLeft: 1))
        // Two in a row at the same offset: the token learnt it, and the phone's next codes pay.
        harness.clock.advance(by: 60)
        #expect(try await harness.verify(harness.code(token, at: -180)) == .approved)
        harness.clock.advance(by: 60)
        #expect(try await harness.verify(harness.code(token, at: -180)) == .approved)
        // The cardholder sets the phone's clock right: its code for the issuer's time pays at once, and the offset
        // is forgotten.
        harness.clock.advance(by: 60)
        #expect(try await harness.verify(harness.code(token)) == .approved)
        harness.clock.advance(by: 240)
        #expect(try await harness.verify(harness.code(token, at: -180)) == .clockDrift(seconds: -180, attemptsLeft: 2))
    }

    @Test func aPhoneFiveMinutesAheadIsToldWhichWayAndByHowMuch() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        #expect(try await harness.verify(harness.code(token, at: 300)) == .clockDrift(seconds: 300, attemptsLeft: 2))
        // Beyond the steps told apart, a code is simply wrong.
        #expect(try await harness.verify(harness.code(token, at: 660)) == .rejected(.invalidCode, attemptsLeft: 1))
    }

    @Test func driftsAtDifferentOffsetsOrWithAnotherCodeBetweenDoNotResynchronise() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        _ = try await harness.verify(harness.code(token, at: -180))
        harness.clock.advance(by: 60)
        _ = try await harness.verify(harness.code(token, at: -240))  // another offset
        harness.clock.advance(by: 60)
        #expect(try await harness.verify(harness.code(token)) == .approved, "nothing was learnt: real time pays")
    }

    @Test func withoutResynchronisationTheWindowStaysTheIssuers() async throws {
        var policy = IssuerPolicy()
        policy.clockResync = false
        let harness = try IssuerHarness(policy: policy)
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        for _ in 0..<2 {
            _ = try await harness.verify(harness.code(token, at: -180))
            harness.clock.advance(by: 60)
        }
        #expect(try await harness.verify(harness.code(token)) == .approved)
    }

    @Test func aCodeAtOrBeforeTheStepAcceptedLastIsNeverTakenForDrift() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        let older = try harness.code(token, at: -180)
        #expect(try await harness.verify(harness.code(token)) == .approved)
        #expect(try await harness.verify(older) == .rejected(.expired, attemptsLeft: 2))
    }

    @Test func theLearntOffsetIsKeptInTheStore() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("pooya.sqlite").path
        let harness = try IssuerHarness(store: SQLiteStore(path: path))
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        for _ in 0..<2 {
            _ = try await harness.verify(harness.code(token, at: -120))
            harness.clock.advance(by: 60)
        }
        let reopened = try SQLiteStore(path: path)
        let fingerprint = try harness.issuer.reference(to: try PAN(parsing: IssuerHarness.pan)).fingerprint
        let state = try #require(try await reopened.readCard(fingerprint))
        #expect(state.tokens.first?.stepOffset == -2)
    }
}
