import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaProtocol
import PooyaSQLite
import PooyaTesting
import Testing

/// The promises that must hold when many requests race, on a database file as in production.
struct ConcurrencyTests {
    let folder: TemporaryFolder
    let harness: IssuerHarness

    init() throws {
        folder = try TemporaryFolder()
        harness = try IssuerHarness(store: SQLiteStore(path: folder.url.appendingPathComponent("pooya.sqlite").path))
    }

    @Test func oneHundredConcurrentVerificationsOfOneCodeApproveExactlyOnce() async throws {
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        let code = try harness.code(token)
        let decisions = try await withThrowingTaskGroup(of: VerificationDecision.self) { group in
            for _ in 0..<100 { group.addTask { try await harness.verify(code) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(decisions.filter { $0 == .approved }.count == 1)
        #expect(decisions.count == 100)
    }

    @Test func oneHundredConcurrentWrongCodesLockAfterExactlyThreeAndNothingLaterIsApproved() async throws {
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        let wrong = try harness.wrongCode(token)
        let right = try harness.code(token)
        let decisions = try await withThrowingTaskGroup(of: VerificationDecision.self) { group in
            for index in 0..<100 {
                // A right code hides among the guesses; it must not get through once the card is locked.
                let code = index == 50 ? right : wrong
                group.addTask { try await harness.verify(code) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let invalid = decisions.filter { if case .rejected(.invalidCode, _) = $0 { true } else { false } }
        let approvedCount = decisions.filter { $0 == .approved }.count
        // Either the right code came before the third failure (approved, resetting the count, so up to 2 + 3 wrong
        // codes count) or after the lock (refused like every other guess).
        #expect(approvedCount == 1 ? (3...5).contains(invalid.count) : invalid.count == 3)
        #expect(
            decisions.filter { $0 == .rejected(.locked, attemptsLeft: 0) }.count == 100 - invalid.count - approvedCount
        )
        #expect(try await harness.verify(try harness.code(token, at: 60)) == .rejected(.locked, attemptsLeft: 0))
    }

    @Test func concurrentWrongCodesWithoutARightOneLockAtExactlyThree() async throws {
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        let wrong = try harness.wrongCode(token)
        let decisions = try await withThrowingTaskGroup(of: VerificationDecision.self) { group in
            for _ in 0..<100 { group.addTask { try await harness.verify(wrong) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(decisions.filter { if case .rejected(.invalidCode, _) = $0 { true } else { false } }.count == 3)
        #expect(decisions.filter { $0 == .rejected(.locked, attemptsLeft: 0) }.count == 97)
    }

    @Test func stateSurvivesClosingAndReopeningTheDatabase() async throws {
        let path = folder.url.appendingPathComponent("reopen.sqlite").path
        var first: IssuerHarness? = try IssuerHarness(store: SQLiteStore(path: path))
        try await first!.registerCard()
        let token = try await first!.provisionedToken()
        let code = try first!.code(token)
        #expect(try await first!.verify(code) == .approved)
        _ = try await first!.verify(try first!.wrongCode(token))
        first = nil

        let reopened = try IssuerHarness(store: SQLiteStore(path: path))
        #expect(try await reopened.verify(code) == .rejected(.replayed, attemptsLeft: 2))
        let entries = try await reopened.store.auditEntries(after: 0, limit: 100, card: nil)
        #expect(
            entries.map(\.event.action).prefix(4) == [
                .cardRegistered, .activationStarted, .tokenProvisioned,
                .staticPINDisabled,
            ]
        )
        #expect(try await reopened.issuer.verifyAuditChain() == .intact(entries: Int64(entries.count)))
    }
}

/// Two stores on one file stand for two processes (or two connections): SQLite's file locks serialise them.
struct TwoStoresOnOneFileTests {
    @Test func aCodeRacedThroughTwoStoresOnOneFileIsApprovedOnce() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("shared.sqlite").path
        let one = try IssuerHarness(store: SQLiteStore(path: path), seed: 1)
        let two = try IssuerHarness(store: SQLiteStore(path: path), seed: 2)
        try await one.registerCard()
        let token = try await one.provisionedToken()
        let code = try one.code(token)
        let decisions = try await withThrowingTaskGroup(of: VerificationDecision.self) { group in
            for index in 0..<60 {
                let harness = index.isMultiple(of: 2) ? one : two
                group.addTask { try await harness.verify(code) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(decisions.filter { $0 == .approved }.count == 1)
        #expect(try await two.issuer.verifyAuditChain() == .intact(entries: 64))
    }
}
