import Foundation
import OneTimePassword
public import PooyaIssuer
import PooyaProtocol

/// What every ``IssuerStore`` must do, as checks a test target runs against each store (SQLite on disk, SQLite in
/// memory, PostgreSQL): round trips, atomicity, serialisation of concurrent changes, and the audit chain.
public struct IssuerStoreContract: Sendable {
    /// A broken promise, with what was expected.
    public struct Violation: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
    }

    /// The checks by name, for `@Test(arguments:)`.
    public static let checks: [String: @Sendable (IssuerStoreContract) async throws -> Void] = [
        "an unknown card loads as nil": { try await $0.unknownCardLoadsAsNil() },
        "a card reads back field for field": { try await $0.aCardReadsBackFieldForField() },
        "a change saves what it changed": { try await $0.aChangeSavesWhatItChanged() },
        "a throwing change saves nothing": { try await $0.aThrowingChangeSavesNothing() },
        "concurrent changes to one card are serialised": { try await $0.concurrentChangesAreSerialised() },
        "a failing change among concurrent ones is rolled back alone": { try await $0.aFailingChangeIsRolledBackAlone() },
        "the audit log is numbered without gaps and chained": { try await $0.theAuditLogIsChained() },
        "lookups find the card": { try await $0.lookupsFindTheCard() },
        "a recorded decision loads by transaction id": { try await $0.aRecordedDecisionLoadsByTransactionID() },
        "revoked tokens and closed tickets are not loaded": { try await $0.revokedAndClosedAreNotLoaded() },
    ]

    private let makeStore: @Sendable () async throws -> any IssuerStore

    /// A contract for the stores `makeStore` makes, each one new and empty.
    public init(makeStore: @escaping @Sendable () async throws -> any IssuerStore) {
        self.makeStore = makeStore
    }

    func unknownCardLoadsAsNil() async throws {
        let store = try await makeStore()
        let found = try await store.withCard(Self.fingerprint(1), transactionID: nil) { state in state != nil }
        try expect(!found, "an unknown fingerprint loaded a card")
    }

    func aCardReadsBackFieldForField() async throws {
        let store = try await makeStore()
        let state = try Self.sampleState(1)
        try await store.withCard(state.card.fingerprint, transactionID: nil) { current in current = state }
        let loaded = try await load(store, 1, transactionID: "tx-1")
        var expected = state
        expected.events = []
        try expect(loaded == expected, "the card read back differs:\n\(String(describing: loaded))\n\(expected)")
    }

    func aChangeSavesWhatItChanged() async throws {
        let store = try await makeStore()
        try await create(store, 1)
        try await store.withCard(Self.fingerprint(1), transactionID: nil) { state in
            state?.tokens[0].consecutiveFailures = 2
            state?.tokens[0].lastAcceptedStep = 123_456_789
            state?.tokens[0].usedCappedMinutes = [29_042_640: 1_742_559_000]
            state?.tickets[0].attemptsLeft = 4
            state?.card.staticSecondPINDisabled = true
        }
        let loaded = try await load(store, 1)
        try expect(loaded?.tokens[0].consecutiveFailures == 2, "the token's failures were not saved")
        try expect(loaded?.tokens[0].lastAcceptedStep == 123_456_789, "the last accepted step was not saved")
        try expect(loaded?.tokens[0].usedCappedMinutes == [29_042_640: 1_742_559_000], "capped minutes not saved")
        try expect(loaded?.tickets[0].attemptsLeft == 4, "the ticket's attempts were not saved")
        try expect(loaded?.card.staticSecondPINDisabled == true, "the card's change was not saved")
    }

    func aThrowingChangeSavesNothing() async throws {
        struct Abort: Error {}
        let store = try await makeStore()
        try await create(store, 1)
        let before = try await load(store, 1)
        let auditBefore = try await store.auditEntries(after: 0, limit: 100, card: nil).count
        do {
            try await store.withCard(Self.fingerprint(1), transactionID: nil) { state in
                state?.tokens[0].consecutiveFailures = 3
                state?.events.append(AuditEvent(.tokenLocked, card: Self.fingerprint(1), time: 1))
                throw Abort()
            }
            throw Violation(description: "the change's error was not passed on")
        } catch is Abort {}
        try expect(try await load(store, 1) == before, "a throwing change left a partial write")
        let auditAfter = try await store.auditEntries(after: 0, limit: 100, card: nil).count
        try expect(auditAfter == auditBefore, "a throwing change appended audit entries")
    }

    func concurrentChangesAreSerialised() async throws {
        let store = try await makeStore()
        try await create(store, 1)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    try await store.withCard(Self.fingerprint(1), transactionID: nil) { state in
                        state?.tokens[0].consecutiveFailures += 1
                        state?.events.append(AuditEvent(.verificationRejected, card: Self.fingerprint(1), time: 1))
                    }
                }
            }
            try await group.waitForAll()
        }
        let failures = try await load(store, 1)?.tokens[0].consecutiveFailures
        try expect(failures == 100, "100 concurrent increments gave \(String(describing: failures)): a lost update")
    }

    func aFailingChangeIsRolledBackAlone() async throws {
        struct Abort: Error {}
        let store = try await makeStore()
        try await create(store, 1)
        let aborted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<60 {
                group.addTask {
                    do {
                        try await store.withCard(Self.fingerprint(1), transactionID: nil) { state in
                            state?.tokens[0].consecutiveFailures += 1
                            state?.events.append(AuditEvent(.verificationRejected, card: Self.fingerprint(1), time: 1))
                            if index.isMultiple(of: 3) { throw Abort() }
                        }
                        return false
                    } catch is Abort {
                        return true
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        let failures = try await load(store, 1)?.tokens[0].consecutiveFailures
        try expect(aborted == 20, "\(aborted) changes reported their error, expected 20")
        try expect(failures == 40, "40 changes committed and 20 aborted gave \(String(describing: failures))")
        let entries = try await store.auditEntries(after: 0, limit: 1_000, card: nil).count
        try expect(entries == 41, "expected 41 audit entries (1 + 40), found \(entries)")
    }

    func theAuditLogIsChained() async throws {
        let store = try await makeStore()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for card in 1...20 {
                group.addTask { try await create(store, card) }
                group.addTask {
                    try await store.appendAudit([AuditEvent(.activationRejected, card: nil, reason: "x", time: 2)])
                }
            }
            try await group.waitForAll()
        }
        var verifier = AuditChainVerifier()
        let entries = try await store.auditEntries(after: 0, limit: 1_000, card: nil)
        for entry in entries { verifier.check(entry) }
        try expect(entries.count == 40, "expected 40 audit entries, found \(entries.count)")
        try expect(verifier.result == .intact(entries: 40), "the chain is \(verifier.result)")
        let page = try await store.auditEntries(after: 10, limit: 5, card: nil).map(\.sequence)
        try expect(page == [11, 12, 13, 14, 15], "paging after 10 by 5 gave \(page)")
        let ofCard = try await store.auditEntries(after: 0, limit: 100, card: Self.fingerprint(7))
        try expect(ofCard.count == 1 && ofCard[0].event.cardFingerprint == Self.fingerprint(7), "card filter failed")
    }

    func lookupsFindTheCard() async throws {
        let store = try await makeStore()
        let state = try Self.sampleState(3)
        try await create(store, 3)
        try expect(try await store.cardFingerprint(cardID: state.card.id) == state.card.fingerprint, "by card id")
        try expect(
            try await store.cardFingerprint(ticketLookupID: state.tickets[0].lookupID) == state.card.fingerprint,
            "by ticket lookup id")
        try expect(try await store.cardFingerprint(tokenID: state.tokens[0].id) == state.card.fingerprint, "by token")
        try expect(try await store.cardFingerprint(cardID: "crd_missing") == nil, "an unknown card id was found")
    }

    func aRecordedDecisionLoadsByTransactionID() async throws {
        let store = try await makeStore()
        try await create(store, 1)
        try expect(try await load(store, 1, transactionID: "tx-1")?.recordedDecision != nil, "tx-1 not loaded")
        try expect(try await load(store, 1, transactionID: "tx-2")?.recordedDecision == nil, "tx-2 invented")
        try expect(try await load(store, 1)?.recordedDecision == nil, "a decision loaded without a transaction id")
    }

    func revokedAndClosedAreNotLoaded() async throws {
        let store = try await makeStore()
        try await create(store, 1)
        try await store.withCard(Self.fingerprint(1), transactionID: nil) { state in
            state?.tokens[0].revokedAt = 5
            state?.tickets[0].closedAt = 5
        }
        let loaded = try await load(store, 1)
        try expect(loaded?.tokens.isEmpty == true && loaded?.tickets.isEmpty == true, "revoked or closed rows loaded")
        try expect(try await store.cardFingerprint(tokenID: Self.sampleState(1).tokens[0].id) != nil,
                   "a revoked token is no longer found by id")
    }

    // MARK: - Fixtures

    private func create(_ store: any IssuerStore, _ number: Int) async throws {
        let state = try Self.sampleState(number)
        try await store.withCard(state.card.fingerprint, transactionID: nil) { current in current = state }
    }

    private func load(_ store: any IssuerStore, _ number: Int, transactionID: String? = nil) async throws -> CardState? {
        try await store.withCard(Self.fingerprint(number), transactionID: transactionID) { state in state }
    }

    private func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        guard condition else { throw Violation(description: message()) }
    }

    static func fingerprint(_ number: Int) -> CardFingerprint {
        CardFingerprint(hex: String(repeating: String(number % 10), count: 60) + String(format: "%04d", number))
    }

    /// A card with one token, one open ticket, a recorded decision and one event.
    static func sampleState(_ number: Int) throws -> CardState {
        let cardID = "crd_\(number)"
        let card = Card(
            id: cardID, fingerprint: fingerprint(number), maskedPAN: "610433******\(String(format: "%04d", number))",
            bankName: "Bank Mellat", bankPersianName: "بانک ملت",
            mobile: try MobileNumber(parsing: "0912123\(String(format: "%04d", number))"),
            options: CardOptions(blocked: false, smsCodes: true, ussdCodes: false), staticSecondPINDisabled: false,
            registeredAt: 1_742_558_400, updatedAt: 1_742_558_401
        )
        let token = Token(
            id: "tok_\(number)", cardID: cardID, kind: .second,
            sealedSeed: SealedSecret(keyID: 1, combined: Data([1, 2, 3, UInt8(number % 256)])), algorithm: .sha256,
            digits: 7, period: 60, createdAt: 1_742_558_402, lastAcceptedStep: nil, usedCappedMinutes: [:],
            consecutiveFailures: 0, lockedAt: nil, revokedAt: nil
        )
        let ticket = ActivationTicket(
            serial: "ser\(number)", lookupID: "lookup\(number)", cardID: cardID, kind: .first, channel: .internetBank,
            sealedActivationKey: SealedSecret(keyID: 2, combined: Data([9, 8, 7])), createdAt: 1_742_558_403,
            expiresAt: 1_742_644_803, attemptsLeft: 5, closedAt: nil
        )
        let decision = RecordedDecision(
            transactionID: "tx-\(number)", requestDigest: "digest", decision: .rejected(.invalidCode, attemptsLeft: 2),
            decidedAt: 1_742_558_404
        )
        return CardState(
            card: card, tokens: [token], tickets: [ticket], recordedDecision: decision,
            events: [AuditEvent(.cardRegistered, card: fingerprint(number), channel: "api", time: 1_742_558_400)]
        )
    }
}
