import Foundation
import OneTimePassword
public import PooyaIssuer
import PooyaProtocol

/// What every ``IssuerStore`` must do, as checks a test target runs against each store (SQLite on disk, SQLite in
/// memory, PostgreSQL): round trips, atomicity, serialisation of concurrent changes, the audit chain, and the SMS outbox.
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
        "a failing change among concurrent ones is rolled back alone": {
            try await $0.aFailingChangeIsRolledBackAlone()
        },
        "the audit log is numbered without gaps and chained": { try await $0.theAuditLogIsChained() },
        "an audit entry's reason reads back as written, a receipt's among them": {
            try await $0.anAuditReasonReadsBack()
        },
        "lookups find the card": { try await $0.lookupsFindTheCard() },
        "a recorded decision loads by transaction id": { try await $0.aRecordedDecisionLoadsByTransactionID() },
        "a transaction's next decision replaces its refusal, never another card's": {
            try await $0.aNextDecisionReplacesARefusal()
        },
        "an approval's method and its receipt's redemption read back": {
            try await $0.anApprovalsMethodAndRedemptionReadBack()
        },
        "sealed secrets are listed by master key and replaced only while unchanged": {
            try await $0.sealedSecretsAreReplacedOnlyWhileUnchanged()
        },
        "revoked tokens and closed tickets are not loaded": { try await $0.revokedAndClosedAreNotLoaded() },
        "a change's SMS enter the outbox with it, or not at all": { try await $0.aChangesSMSEnterTheOutboxWithIt() },
        "claimed messages are leased, oldest first": { try await $0.claimedMessagesAreLeased() },
        "a late delivery report never undoes a final one": { try await $0.aLateReportNeverUndoesAFinalOne() },
        "issued codes load newest first, at most 32": { try await $0.issuedCodesLoadNewestFirst() },
        "cards are found by their mobile": { try await $0.cardsAreFoundByTheirMobile() },
        "a read sees the committed state, without a decision": { try await $0.aReadSeesTheCommittedState() },
        "retention deletes old records in batches and keeps the rest": {
            try await $0.retentionDeletesOldRecordsAndKeepsTheRest()
        },
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
            state?.card.locks.second = PINLock(failures: 2, lockedAt: nil)
            state?.card.locks.first = PINLock(failures: 3, lockedAt: 1_742_558_500)
            state?.tokens[0].lastAcceptedStep = 123_456_789
            state?.tokens[0].usedCappedMinutes = [29_042_640: 1_742_559_000]
            state?.tickets[0].attemptsLeft = 4
            state?.card.staticSecondPINDisabled = true
        }
        let loaded = try await load(store, 1)
        try expect(loaded?.card.locks.second == PINLock(failures: 2), "the second PIN's failures were not saved")
        try expect(loaded?.card.locks.first == PINLock(failures: 3, lockedAt: 1_742_558_500), "the lock was not saved")
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
        let auditBefore = try await Self.allAuditEntries(store).count
        do {
            try await store.withCard(Self.fingerprint(1), transactionID: nil) { state in
                state?.card.locks.second = PINLock(failures: 3, lockedAt: 1)
                state?.events.append(Self.event(.pinLocked(.second, failures: 3, token: nil)))
                throw Abort()
            }
            throw Violation(description: "the change's error was not passed on")
        } catch is Abort {}
        try expect(try await load(store, 1) == before, "a throwing change left a partial write")
        let auditAfter = try await Self.allAuditEntries(store).count
        try expect(auditAfter == auditBefore, "a throwing change appended audit entries")
    }

    func concurrentChangesAreSerialised() async throws {
        let store = try await makeStore()
        try await create(store, 1)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    try await store.withCard(Self.fingerprint(1), transactionID: nil) { state in
                        state?.card.locks.second.failures += 1
                        state?.events.append(
                            Self.event(.verified(.second, .rejected(.invalidCode, attemptsLeft: 1), token: nil))
                        )
                    }
                }
            }
            try await group.waitForAll()
        }
        let failures = try await load(store, 1)?.card.locks.second.failures
        try expect(
            failures == 102,
            "100 concurrent increments of 2 gave \(String(describing: failures)): a lost update"
        )
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
                            state?.card.locks.second.failures += 1
                            state?.events.append(Self.event(.verified(.second, .approved, token: nil)))
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
        let failures = try await load(store, 1)?.card.locks.second.failures
        try expect(aborted == 20, "\(aborted) changes reported their error, expected 20")
        try expect(failures == 42, "40 changes committed (on 2) and 20 aborted gave \(String(describing: failures))")
        let entries = try await Self.allAuditEntries(store).count
        try expect(entries == 41, "expected 41 audit entries (1 + 40), found \(entries)")
    }

    func theAuditLogIsChained() async throws {
        let store = try await makeStore()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for card in 1...20 {
                group.addTask { try await create(store, card) }
                group.addTask {
                    try await store.appendAudit([
                        AuditEvent(.activationRejected, card: nil, reason: .refusal(.activationNotFound), time: 2)
                    ])
                }
            }
            try await group.waitForAll()
        }
        let entries = try await Self.allAuditEntries(store)
        try expect(entries.count == 40, "expected 40 audit entries, found \(entries.count)")
        for chain in 0..<store.auditChainCount {
            var verifier = AuditChainVerifier(chain: chain)
            for entry in entries where entry.chain == chain { verifier.check(entry) }
            if case .broken(let sequence, let reason) = verifier.result {
                throw Violation(description: "chain \(chain) is broken at entry \(sequence): \(reason)")
            }
        }
        let heads = try await store.auditHeads()
        try expect(heads.map(\.sequence).reduce(0, +) == 40, "the heads \(heads) do not add up to 40 entries")
        let page = try await store.auditEntries(after: 10, limit: 5, card: nil).map(\.sequence)
        try expect(page == [11, 12, 13, 14, 15], "paging after 10 by 5 gave \(page)")
        let ofCard = try await store.auditEntries(after: 0, limit: 100, card: Self.fingerprint(7))
        try expect(ofCard.count == 1 && ofCard[0].event.cardFingerprint == Self.fingerprint(7), "card filter failed")
    }

    func anAuditReasonReadsBack() async throws {
        let store = try await makeStore()
        let reasons: [AuditReason?] = [
            .receipt("wiiZhdxmW7QxImhVIci5bA"),  // kept as its 16 bytes
            .receipt("wiiZhdxmW7QxImhVIci5bB"),  // not what 16 bytes write: kept as text
            .receipt("short"), AuditReason(rawValue: "receipt:"), .refusal(.activationNotFound), nil,
        ]
        let events = reasons.enumerated().map { index, reason in
            AuditEvent(.staticPINAllowed, card: Self.fingerprint(1), kind: .second, reason: reason, time: Int64(index))
        }
        try await store.appendAudit(events)
        let read = try await store.auditEntries(after: 0, limit: 100, card: Self.fingerprint(1))
        try expect(read.map(\.event) == events, "the entries read back as \(read.map(\.event.reason))")
        var verifier = AuditChainVerifier(chain: read.first?.chain ?? 0)
        for entry in read { verifier.check(entry) }
        if case .broken(let sequence, let reason) = verifier.result {
            throw Violation(description: "the chain is broken at entry \(sequence): \(reason)")
        }
    }

    /// Every entry of every audit chain of `store`, chain by chain.
    public static func allAuditEntries(_ store: any IssuerStore) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for chain in 0..<store.auditChainCount {
            entries += try await store.auditEntries(chain: chain, after: 0, limit: 10_000, card: nil)
        }
        return entries
    }

    func lookupsFindTheCard() async throws {
        let store = try await makeStore()
        let state = try Self.sampleState(3)
        try await create(store, 3)
        try expect(try await store.cardFingerprint(cardID: state.card.id) == state.card.fingerprint, "by card id")
        try expect(
            try await store.cardFingerprint(ticketLookupID: state.tickets[0].lookupID) == state.card.fingerprint,
            "by ticket lookup id"
        )
        try expect(try await store.cardFingerprint(tokenID: state.tokens[0].id) == state.card.fingerprint, "by token")
        try expect(
            try await store.cardFingerprint(ticketSerial: state.tickets[0].serial) == state.card.fingerprint,
            "by ticket serial"
        )
        try expect(try await store.cardFingerprint(cardID: "crd_missing") == nil, "an unknown card id was found")
        try expect(try await store.cardFingerprint(ticketSerial: "0000000000") == nil, "an unknown serial was found")
    }

    func aReadSeesTheCommittedState() async throws {
        let store = try await makeStore()
        try expect(try await store.readCard(Self.fingerprint(1)) == nil, "an unknown card was read")
        try await create(store, 1)
        var expected = try Self.sampleState(1)
        expected.events = []
        expected.recordedDecision = nil
        try expect(try await store.readCard(Self.fingerprint(1)) == expected, "the read state differs")
        try await store.withCard(Self.fingerprint(1), transactionID: nil) { state in state?.card.suspendedAt = 9 }
        try expect(try await store.readCard(Self.fingerprint(1))?.card.suspendedAt == 9, "a read missed a commit")
    }

    func aRecordedDecisionLoadsByTransactionID() async throws {
        let store = try await makeStore()
        try await create(store, 1)
        try expect(try await load(store, 1, transactionID: "tx-1")?.recordedDecision != nil, "tx-1 not loaded")
        try expect(try await load(store, 1, transactionID: "tx-2")?.recordedDecision == nil, "tx-2 invented")
        try expect(try await load(store, 1)?.recordedDecision == nil, "a decision loaded without a transaction id")
    }

    func aNextDecisionReplacesARefusal() async throws {
        let store = try await makeStore()
        try await create(store, 1)
        try await create(store, 2)
        let refusal = RecordedDecision(
            transactionID: "tx-retry",
            requestDigest: Self.digest(1),
            decision: .rejected(.invalidCode, attemptsLeft: 2),
            method: nil,
            decidedAt: 7
        )
        let approval = RecordedDecision(
            transactionID: "tx-retry",
            requestDigest: Self.digest(2),
            decision: .approved,
            method: .sms,
            decidedAt: 8
        )
        for decision in [refusal, approval] {
            try await store.withCard(Self.fingerprint(1), transactionID: "tx-retry") { $0?.recordedDecision = decision }
        }
        try expect(
            try await load(store, 1, transactionID: "tx-retry")?.recordedDecision == approval,
            "the refusal was not replaced by the next decision"
        )
        let other = RecordedDecision(
            transactionID: "tx-retry",
            requestDigest: Self.digest(3),
            decision: .approved,
            method: .sms,
            decidedAt: 9
        )
        try await store.withCard(Self.fingerprint(2), transactionID: "tx-retry") { $0?.recordedDecision = other }
        try expect(
            try await load(store, 1, transactionID: "tx-retry")?.recordedDecision == approval,
            "another card's decision for the same transaction id replaced this card's"
        )
    }

    func anApprovalsMethodAndRedemptionReadBack() async throws {
        let store = try await makeStore()
        try await create(store, 1)
        for method in ApprovalMethod.allCases {
            let transactionID = "tx-\(method)"
            for redeemedAt in [nil, 9] as [Int64?] {
                let approval = RecordedDecision(
                    transactionID: transactionID,
                    requestDigest: Self.digest(4),
                    decision: method == .staticPIN ? .staticPINAllowed : .approved,
                    method: method,
                    decidedAt: 7,
                    receiptRedeemedAt: redeemedAt
                )
                try await store.withCard(Self.fingerprint(1), transactionID: transactionID) { state in
                    state?.recordedDecision = approval
                }
                try expect(
                    try await load(store, 1, transactionID: transactionID)?.recordedDecision == approval,
                    "the \(method) approval read back differs (redeemed at \(String(describing: redeemedAt)))"
                )
            }
        }
    }

    func sealedSecretsAreReplacedOnlyWhileUnchanged() async throws {
        let store = try await makeStore()
        try await create(store, 1)  // its token's seed is sealed under key 1, its ticket's key under key 2
        try await store.enqueue([Self.message("m1", at: 5)])  // under key 1
        try expect(try await store.sealedCounts() == [1: 2, 2: 1], "counts by key")
        let older = try await store.sealedRecords(notUnder: 2, limit: 10)
        try expect(older.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.seed, .smsText], "listed: \(older)")
        try expect(older.allSatisfy { $0.sealed.keyID == 1 }, "a record under key 2 was listed")
        try expect(try await store.sealedRecords(notUnder: 2, limit: 1).count == 1, "the limit was not kept")
        let resealed = SealedSecret(keyID: 2, combined: Data([7, 7, 7]))
        for record in older {
            try expect(try await store.replaceSealed(record, with: resealed), "\(record.kind) was not replaced")
            try expect(!(try await store.replaceSealed(record, with: resealed)), "a stale \(record.kind) was replaced")
        }
        try expect(try await store.sealedCounts() == [2: 3], "counts after resealing")
        try expect(try await store.sealedRecords(notUnder: 2, limit: 10).isEmpty, "records left under key 1")
        try expect(try await load(store, 1)?.tokens.first?.sealedSeed == resealed, "the seed read back differs")
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
        try expect(
            try await store.cardFingerprint(tokenID: Self.sampleState(1).tokens[0].id) != nil,
            "a revoked token is no longer found by id"
        )
    }

    func aChangesSMSEnterTheOutboxWithIt() async throws {
        struct Abort: Error {}
        let store = try await makeStore()
        try await create(store, 1)
        try await create(store, 2)
        let cardID = try Self.sampleState(1).card.id
        let message = try Self.message("sms_a", at: 100, cardID: cardID)
        try await store.withCard(Self.fingerprint(1), transactionID: nil) { state in state?.outgoingSMS = [message] }
        try expect(try await store.outboxMessage(id: "sms_a") == message, "the message read back differs")
        try expect(
            try await store.recentOutboxMessages(limit: 5, cardID: cardID).map(\.id) == ["sms_a"],
            "the card's messages are not found by its id"
        )
        try expect(
            try await store.recentOutboxMessages(limit: 5, cardID: try Self.sampleState(2).card.id).isEmpty,
            "another card's messages were listed"
        )
        do {
            try await store.withCard(Self.fingerprint(1), transactionID: nil) { state in
                state?.outgoingSMS = [try Self.message("sms_b", at: 100)]
                throw Abort()
            }
        } catch is Abort {}
        try expect(try await store.outboxMessage(id: "sms_b") == nil, "a throwing change's SMS entered the outbox")
        try expect(try await load(store, 1)?.outgoingSMS.isEmpty == true, "outgoing SMS are not loaded back")
    }

    func claimedMessagesAreLeased() async throws {
        let store = try await makeStore()
        try await store.enqueue([
            try Self.message("sms_3", at: 30), try Self.message("sms_1", at: 10),
            try Self.message("sms_2", at: 20), try Self.message("sms_later", at: 500),
        ])
        let first = try await store.claimDue(now: 100, leaseUntil: 160, limit: 2).map(\.id)
        try expect(first == ["sms_1", "sms_2"], "claimed \(first), not the two oldest due")
        let second = try await store.claimDue(now: 100, leaseUntil: 160, limit: 10).map(\.id)
        try expect(second == ["sms_3"], "claimed \(second): a leased message was claimed twice")
        var sent = try Self.message("sms_1", at: 10)
        sent.status = .sent
        sent.attempts = 1
        sent.sentAt = 101
        try await store.update(sent)
        let afterLease = try await store.claimDue(now: 160, leaseUntil: 220, limit: 10).map(\.id)
        try expect(afterLease == ["sms_2", "sms_3"], "after the lease, \(afterLease) instead of the unsent two")
        try expect(try await store.outboxMessage(id: "sms_1") == sent, "the update was not saved")
        try expect(try await store.outboxCounts() == [.queued: 3, .sent: 1], "wrong counts")
        try expect(
            try await store.recentOutboxMessages(limit: 2).map(\.id) == ["sms_later", "sms_3"],
            "recent messages are not newest first"
        )
    }

    func aLateReportNeverUndoesAFinalOne() async throws {
        let store = try await makeStore()
        try await store.enqueue([try Self.message("sms_d", at: 10)])
        try expect(try await store.recordDelivery(messageID: "sms_d", status: .acceptedBySMSC, at: 11), "not found")
        _ = try await store.recordDelivery(messageID: "sms_d", status: .delivered, at: 12)
        _ = try await store.recordDelivery(messageID: "sms_d", status: .buffered, at: 13)
        let message = try await store.outboxMessage(id: "sms_d")
        try expect(message?.delivery == .delivered && message?.deliveryAt == 12, "a late report undid the final one")
        try expect(
            try await !store.recordDelivery(messageID: "sms_none", status: .delivered, at: 1),
            "a report for no message was taken"
        )
    }

    func issuedCodesLoadNewestFirst() async throws {
        let store = try await makeStore()
        try await create(store, 1)
        try await store.withCard(Self.fingerprint(1), transactionID: nil) { state in
            for index in 0..<40 {
                state?.issuedCodes.append(
                    IssuedCode(
                        id: "cod_\(index)",
                        cardID: "crd_1",
                        kind: .second,
                        channel: .ussd,
                        codeDigest: "d\(index)",
                        binding: nil,
                        issuedAt: 1_800_000_000 + Int64(index),
                        expiresAt: 1_800_000_120,
                        usedAt: nil
                    )
                )
            }
        }
        let codes = try await load(store, 1)?.issuedCodes.map(\.id) ?? []
        try expect(
            codes.count == 32 && codes.first == "cod_39" && codes.last == "cod_8",
            "loaded \(codes.count) codes from \(codes.first ?? "none") to \(codes.last ?? "none")"
        )
    }

    func cardsAreFoundByTheirMobile() async throws {
        let store = try await makeStore()
        try await create(store, 1)
        try await create(store, 2)
        let first = try await store.cardFingerprints(mobile: try MobileNumber(parsing: "09121230001"))
        try expect(first == [Self.fingerprint(1)], "found \(first) for the first card's mobile")
        try expect(
            try await store.cardFingerprints(mobile: try MobileNumber(parsing: "09350000000")).isEmpty,
            "found cards for a mobile with none"
        )
    }

    func retentionDeletesOldRecordsAndKeepsTheRest() async throws {
        let store = try await makeStore()
        try await create(store, 1)  // its decision and its two codes are from 2025
        var newer = try Self.sampleState(2)
        newer.recordedDecision?.decidedAt = 1_900_000_000
        for index in newer.issuedCodes.indices { newer.issuedCodes[index].issuedAt = 1_900_000_000 }
        try await store.withCard(newer.card.fingerprint, transactionID: nil) { [newer] current in current = newer }
        let oldSent = try Self.message("sms_old_sent", at: 100)
        let newSent = try Self.message("sms_new_sent", at: 1_900_000_000)
        try await store.enqueue([oldSent, try Self.message("sms_old_queued", at: 200), newSent])
        for message in [oldSent, newSent] {
            var sent = message
            sent.status = .sent
            try await store.update(sent)
        }
        let audit = try await Self.allAuditEntries(store)

        var deleted: [Int] = []
        while true {
            let count = try await store.deleteRecords(before: 1_800_000_000, limit: 1)
            guard count > 0 else { break }
            deleted.append(count)
        }
        try expect(deleted.reduce(0, +) == 4, "deleted \(deleted), not 1 decision, 2 codes and 1 SMS")
        try expect(deleted.allSatisfy { $0 <= 3 }, "a batch deleted more than 1 of a kind: \(deleted)")
        try expect(try await load(store, 1, transactionID: "tx-1")?.recordedDecision == nil, "an old decision is kept")
        try expect(try await load(store, 2, transactionID: "tx-2")?.recordedDecision != nil, "a new decision is gone")
        try expect(try await load(store, 1)?.issuedCodes.isEmpty == true, "old issued codes are kept")
        try expect(try await load(store, 2)?.issuedCodes.count == 2, "new issued codes are gone")
        try expect(try await store.outboxMessage(id: "sms_old_sent") == nil, "an old sent SMS is kept")
        try expect(try await store.outboxMessage(id: "sms_old_queued") != nil, "a queued SMS was deleted")
        try expect(try await store.outboxMessage(id: "sms_new_sent") != nil, "a new sent SMS was deleted")
        try expect(try await load(store, 1)?.tokens.count == 1, "a card's token was deleted")
        let after = try await Self.allAuditEntries(store)
        try expect(after == audit, "the audit trail changed")
    }

    // MARK: - Fixtures

    private func create(_ store: any IssuerStore, _ number: Int) async throws {
        let state = try Self.sampleState(number)
        try await store.withCard(state.card.fingerprint, transactionID: nil) { current in current = state }
    }

    private func load(_ store: any IssuerStore, _ number: Int, transactionID: String? = nil) async throws -> CardState?
    {
        try await store.withCard(Self.fingerprint(number), transactionID: transactionID) { state in state }
    }

    private func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        guard condition else { throw Violation(description: message()) }
    }

    /// The fingerprint of sample card `number`.
    public static func fingerprint(_ number: Int) -> CardFingerprint {
        CardFingerprint(hex: String(repeating: String(number % 10), count: 60) + String(format: "%04d", number))
    }

    /// Sample digest `number`: 32 hex digits, as the domain writes a request's digest.
    static func digest(_ number: Int) -> String {
        String(format: "%032x", number)
    }

    /// A queued message due at `time`, to card `cardID` when one is given.
    static func message(_ id: String, at time: Int64, cardID: String? = nil) throws -> OutboxMessage {
        OutboxMessage(
            id: id,
            cardID: cardID,
            to: try MobileNumber(parsing: "09121234567"),
            purpose: .notice,
            sealedText: SealedSecret(keyID: 1, combined: Data([4, 5, 6])),
            createdAt: time,
            expiresAt: time + 120
        )
    }

    /// A card with one token, one open ticket, two issued codes, a recorded decision and one event; card `number`
    /// has the fingerprint ``fingerprint(_:)`` of `number`.
    public static func sampleState(_ number: Int) throws -> CardState {
        let cardID = "crd_\(number)"
        let card = Card(
            id: cardID,
            fingerprint: fingerprint(number),
            maskedPAN: "610433******\(String(format: "%04d", number))",
            bankName: "Bank Mellat",
            bankPersianName: "بانک ملت",
            mobile: try MobileNumber(parsing: "0912123\(String(format: "%04d", number))"),
            options: CardOptions(blocked: false, smsCodes: true, ussdCodes: false),
            staticSecondPINDisabled: false,
            registeredAt: 1_742_558_400,
            updatedAt: 1_742_558_401,
            locks: PINLocks(first: PINLock(failures: 1), second: PINLock(failures: 2, lockedAt: 1_742_558_409)),
            smsActivatedAt: 1_742_558_408,
            suspendedAt: nil
        )
        let codes = [
            IssuedCode(
                id: "cod_\(number)b",
                cardID: cardID,
                kind: .second,
                channel: .challenge,
                codeDigest: "digest-b",
                binding: .init(transactionID: "pay-\(number)", amount: 2_500_000, merchantID: "shop"),
                issuedAt: 1_742_558_406,
                expiresAt: 1_742_558_526,
                usedAt: 1_742_558_407
            ),
            IssuedCode(
                id: "cod_\(number)a",
                cardID: cardID,
                kind: .second,
                channel: .sms,
                codeDigest: "digest-a",
                binding: nil,
                issuedAt: 1_742_558_405,
                expiresAt: 1_742_558_525,
                usedAt: nil
            ),
        ]
        let token = Token(
            id: "tok_\(number)",
            cardID: cardID,
            kind: .second,
            sealedSeed: SealedSecret(keyID: 1, combined: Data([1, 2, 3, UInt8(number % 256)])),
            algorithm: .sha256,
            digits: 7,
            period: 60,
            createdAt: 1_742_558_402,
            lastAcceptedStep: nil,
            usedCappedMinutes: [:],
            revokedAt: nil
        )
        let ticket = ActivationTicket(
            serial: String(format: "%010d", number),
            lookupID: "lookup\(number)",
            cardID: cardID,
            kind: .first,
            channel: .internetBank,
            sealedActivationKey: SealedSecret(keyID: 2, combined: Data([9, 8, 7])),
            createdAt: 1_742_558_403,
            expiresAt: 1_742_644_803,
            attemptsLeft: 5,
            closedAt: nil,
            smsPartDigest: "sms-digest-\(number)"
        )
        let decision = RecordedDecision(
            transactionID: "tx-\(number)",
            requestDigest: Self.digest(4),
            decision: .rejected(.invalidCode, attemptsLeft: 2),
            decidedAt: 1_742_558_404
        )
        return CardState(
            card: card,
            tokens: [token],
            tickets: [ticket],
            issuedCodes: codes,
            recordedDecision: decision,
            events: [DomainEvent(.cardRegistered, card: fingerprint(number), time: 1_742_558_400)]
        )
    }

    /// An event about card 1.
    static func event(_ fact: DomainEvent.Fact) -> DomainEvent {
        DomainEvent(fact, card: fingerprint(1), time: 1)
    }
}
