import Foundation
import GRDB
import PooyaIssuer
import PooyaProtocol
@testable import PooyaSQLite
import PooyaTesting
import Testing

/// What only the SQLite store promises, beyond the contract every store keeps.
struct SQLiteStoreTests {
    @Test func theFileIsInWALModeWithDurableCommits() async throws {
        let folder = try TemporaryFolder()
        let store = try SQLiteStore(path: folder.url.appendingPathComponent("pooya.sqlite").path)
        let state = try IssuerStoreContract.sampleState(1)
        try await store.withCard(state.card.fingerprint, transactionID: nil) { $0 = state }
        let (journal, synchronous) = try await store.pragmas()
        #expect(journal == "wal")
        #expect(synchronous == 2, "synchronous = FULL on the connection that commits")
        let reopened = try SQLiteStore(path: folder.url.appendingPathComponent("pooya.sqlite").path)
        #expect(try await reopened.pragmas().synchronous == 2, "and on a file already in WAL mode")
    }

    @Test func theLogIsCopiedIntoTheFileInTheBackgroundLongBeforeTheWriterWould() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("pooya.sqlite").path
        let store = try SQLiteStore(path: path)
        let writerBound = try await store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        #expect(writerBound == SQLiteStore.writerCheckpointPages)
        func fileSize() throws -> Int { try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0 }
        let before = try fileSize()
        try await store.insert(try (1...500).map { try IssuerStoreContract.sampleState($0) })
        let logged = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        #expect(logged / 4096 < SQLiteStore.writerCheckpointPages, "the writer's own checkpoint is not due")
        var copied = false
        for _ in 0..<200 where !copied {
            try await Task.sleep(for: .milliseconds(50))
            copied = try fileSize() > before + 100_000
        }
        #expect(copied, "the pages of 500 cards reached the database file within 10 s")
    }

    #if os(Linux)
        @Test func theCheckpointersConnectionIsClosedWhenItIsReleasedNotWhenItNextWakes() throws {
            let folder = try TemporaryFolder()
            let path = folder.url.appendingPathComponent("pooya.sqlite").path
            try DatabaseQueue(path: path).writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            }
            func openFiles() throws -> Int {
                try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter {
                    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")) == path
                }.count
            }
            var checkpointer: WALCheckpointer? = try WALCheckpointer(path: path)
            #expect(try openFiles() == 1 && checkpointer != nil)
            checkpointer = nil
            #expect(try openFiles() == 0, "closed at once, not up to \(WALCheckpointer.interval) later")
        }
    #endif

    @Test func aTokensNewStepRewritesOnlyItsRowNotTheIndexOfActiveTokens() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("pooya.sqlite").path
        let store = try SQLiteStore(writer: DatabasePool(path: path))  // no background checkpointer to race with
        let states = try (1...500).map { try IssuerStoreContract.sampleState($0) }
        try await store.insert(states)
        /// The pages one change to card 251 wrote to the log, which starts empty.
        func pagesWritten(_ change: @escaping @Sendable (inout CardState?) -> Void) async throws -> Int {
            _ = try await store.writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            try await store.withCard(states[250].card.fingerprint, transactionID: nil) { change(&$0) }
            let log = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
            return (log - 32) / (4096 + 24)
        }
        // The first step makes the row longer, and the bulk insert left its page full: that page splits once.
        _ = try await pagesWritten { $0?.tokens[0].lastAcceptedStep = 42 }
        #expect(try await pagesWritten { $0?.tokens[0].lastAcceptedStep = 43 } == 1, "the token's row only")
        #expect(try await pagesWritten { $0?.tokens[0].revokedAt = 1_742_558_500 } == 2, "and, revoked, its index")
        let revoked = try await store.writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT revoked_at FROM tokens WHERE card_id = 'crd_251'")
        }
        #expect(revoked == 1_742_558_500)
        #expect(try await store.readCard(states[250].card.fingerprint)?.tokens.isEmpty == true)
    }

    @Test func aBulkInsertIsAllOrNothing() async throws {
        let store = try SQLiteStore.inMemory()
        let existing = try IssuerStoreContract.sampleState(1)
        try await store.insert([existing])
        let fresh = try IssuerStoreContract.sampleState(2)
        var clash = try IssuerStoreContract.sampleState(3)
        clash.card.fingerprint = existing.card.fingerprint
        await #expect(throws: DatabaseError.self) { try await store.insert([fresh, clash]) }
        #expect(try await store.cardFingerprint(cardID: fresh.card.id) == nil)
        try await store.insert([fresh])
        #expect(try await store.cardFingerprint(cardID: fresh.card.id) == fresh.card.fingerprint)
    }

    @Test func anOlderDatabaseKeepsItsFailureCountsAsOneLockPerCardAndKind() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("v3.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v3-sms-outbox-issued-codes")
        try await queue.write { db in
            for (card, codeFailures, codesLockedAt) in [("crd_a", 1, nil), ("crd_b", 2, 7 as Int64?)] {
                try db.execute(
                    sql: """
                        INSERT INTO cards VALUES (?, ?, '610433******0018', 'Bank Mellat', 'بانک ملت', '+989121234567',
                            0, 1, 1, 1, 1, 1, ?, ?)
                        """,
                    arguments: [card, "fp-\(card)", codeFailures, codesLockedAt]
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO tokens VALUES ('tok_a2', 'crd_a', 'second', 1, x'00', 'SHA1', 7, 60, 1, NULL, '', 2, 5, NULL);
                    INSERT INTO tokens VALUES ('tok_a1', 'crd_a', 'first', 1, x'00', 'SHA1', 4, 60, 1, NULL, '', 1, NULL, NULL);
                    INSERT INTO tokens VALUES ('tok_old', 'crd_b', 'second', 1, x'00', 'SHA1', 7, 60, 1, NULL, '', 3, 3, 4);
                    """
            )
        }
        let store = try SQLiteStore(path: path)
        let a = try #require(try await store.readCard(CardFingerprint(hex: "fp-crd_a")))
        #expect(a.card.locks.second == PINLock(failures: 2, lockedAt: 5), "the token's count, larger than the card's")
        #expect(a.card.locks.first == PINLock(failures: 1, lockedAt: nil))
        let b = try #require(try await store.readCard(CardFingerprint(hex: "fp-crd_b")))
        #expect(b.card.locks.second == PINLock(failures: 2, lockedAt: 7), "a revoked token's count is not carried")
        #expect(b.card.suspendedAt == nil && b.card.smsActivatedAt == nil)
    }

    @Test func anOlderDatabaseKeepsItsAuditChainAndDecisionsWhenItsDigestsBecomeBytes() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("v13.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v13-audit-previous-hash-read-from-the-chain")
        let (a, b) = (IssuerStoreContract.fingerprint(1), IssuerStoreContract.fingerprint(2))
        let events = [
            AuditEvent(.cardRegistered, card: a, time: 1, actor: .clientKey(id: "key_bank")),
            AuditEvent(.verificationApproved, card: a, kind: .second, channel: .api, time: 2),
            AuditEvent(.cardRegistered, card: b, time: 3),
            AuditEvent(.pinUnlocked, card: nil, time: 4),
        ]
        let entries = events.reduce(into: [AuditEntry]()) { entries, event in
            entries.append(AuditEntry.chained(event, after: entries.last.map { ($0.sequence, $0.hash) }))
        }
        let requestDigest = String(repeating: "5a", count: 32)
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO cards (id, fingerprint, masked_pan, bank_name, bank_persian_name, mobile, blocked,
                        sms_codes, ussd_codes, static_second_pin_disabled, registered_at, updated_at)
                    VALUES ('crd_a', ?, '610433******0018', 'Bank Mellat', 'بانک ملت', '+989121234567', 0, 1, 1, 1, 1, 1)
                    """,
                arguments: [a.hex]
            )
            for entry in entries {
                // As v13 wrote them: hex text, and the last one's hash edited by hand.
                try db.execute(
                    sql: """
                        INSERT INTO audit (sequence, action, card_fingerprint, token_id, kind, channel, reason, time,
                            hash, actor)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        entry.sequence, entry.event.action.rawValue, entry.event.cardFingerprint?.hex,
                        entry.event.tokenID, entry.event.kind?.rawValue, entry.event.channel?.rawValue,
                        entry.event.reason?.rawValue, entry.event.time, entry.sequence == 4 ? "forged" : entry.hash,
                        entry.event.actor?.rawValue,
                    ]
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO decisions (rowid, transaction_id, card_id, request_digest, decision, decided_at)
                    VALUES (42, 'tx-1', 'crd_a', ?, 'approved:app', 5)
                    """,
                arguments: [requestDigest]
            )
        }
        try queue.close()

        let store = try SQLiteStore(path: path)
        let read = try await store.auditEntries(after: 0, limit: 10, card: nil)
        #expect(Array(read.prefix(3)) == Array(entries.prefix(3)), "the entries read back as they were chained")
        #expect(read.last?.hash == "666f72676564", "a hand-edited hash keeps its bytes (\"forged\"), to be found")
        #expect(try await store.auditEntries(after: 0, limit: 10, card: a) == Array(entries.prefix(2)))
        #expect(try await store.auditEntries(after: 1, limit: 10, card: b) == [entries[2]])
        let decision = try await store.withCard(a, transactionID: "tx-1") { $0?.recordedDecision }
        #expect(decision?.requestDigest == String(requestDigest.prefix(32)) && decision?.decision == .approved)

        let migrated = try DatabaseQueue(path: path)
        let stored = try await migrated.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT typeof(card_fingerprint) || length(card_fingerprint) || typeof(hash) || length(hash)
                    FROM audit WHERE sequence < 4
                    """
            )
        }
        #expect(stored == Array(repeating: "blob32blob32", count: 3))
        let (rowid, digestType) = try await migrated.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT rowid, typeof(request_digest) FROM decisions"))
            return (row[0] as Int64, row[1] as String)
        }
        #expect(rowid == 42 && digestType == "blob", "retention's order (rowid) is kept")
        let plan = try await migrated.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    EXPLAIN QUERY PLAN SELECT sequence FROM audit
                    WHERE substr(card_fingerprint, 1, 8) = substr(?1, 1, 8) AND card_fingerprint = ?1 AND sequence > 0
                    """,
                arguments: [try StoredDigest.bytes(a.hex)]
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("audit_by_card") }, "\(plan)")
        await #expect(throws: DatabaseError.self) {
            try await migrated.write { try $0.execute(sql: "UPDATE audit SET reason = 'x'") }
        }
    }

    @Test func anOlderDatabasesDecisionsKeepTheirCardAndTheirRetriesWhenMadeCompact() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("v14.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v14-digests-as-bytes")
        let (a, b) = (IssuerStoreContract.fingerprint(1), IssuerStoreContract.fingerprint(2))
        let cardA = "crd_" + String(repeating: "0123456789abcdef", count: 2)
        try await queue.write { db in
            for (id, fingerprint) in [(cardA, a), ("crd_b", b)] {
                try db.execute(
                    sql: """
                        INSERT INTO cards (id, fingerprint, masked_pan, bank_name, bank_persian_name, mobile, blocked,
                            sms_codes, ussd_codes, static_second_pin_disabled, registered_at, updated_at)
                        VALUES (?, ?, '610433******0018', 'Bank Mellat', 'بانک ملت', ?, 0, 1, 1, 1, 1, 1)
                        """,
                    arguments: [id, fingerprint.hex, id == cardA ? "+989121234567" : "+989121234568"]
                )
            }
            // As v14 wrote it: the card's id as text, the request's whole 32-byte digest.
            try db.execute(
                sql: """
                    INSERT INTO decisions (rowid, transaction_id, card_id, request_digest, decision, decided_at)
                    VALUES (42, 'tx-1', ?, ?, 'rejected:invalid_code:2', 5)
                    """,
                arguments: [cardA, Data(0..<32)]
            )
        }
        try queue.close()

        let store = try SQLiteStore(path: path)
        try await IssuerStoreContract.checkMigratedDecision(
            in: store,
            card: a,
            otherCard: b,
            transactionID: "tx-1",
            digest: "000102030405060708090a0b0c0d0e0f"
        )

        let migrated = try DatabaseQueue(path: path)
        let stored = try await migrated.read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT rowid || ' ' || typeof(card_id) || length(card_id) || ' ' || length(request_digest)
                    FROM decisions
                    """
            )
        }
        #expect(stored == "42 blob16 16", "retention's order (rowid) is kept, and the card's id is 16 bytes")
    }

    @Test func anAuditEntrysReceiptIsKeptAsItsSixteenBytes() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("pooya.sqlite").path
        let store = try SQLiteStore(path: path)
        let card = IssuerStoreContract.fingerprint(1)
        try await store.appendAudit([
            AuditEvent(
                .staticPINAllowed,
                card: card,
                kind: .second,
                reason: .receipt("wiiZhdxmW7QxImhVIci5bA"),
                time: 1
            ),
            AuditEvent(
                .verificationRejected,
                card: card,
                kind: .second,
                reason: .refusal(.activationNotFound),
                time: 2
            ),
        ])
        let stored = try await DatabaseQueue(path: path).read { db in
            try String.fetchAll(
                db,
                sql:
                    "SELECT ifnull(reason, '-') || ' ' || typeof(receipt) || ifnull(length(receipt), '') FROM audit ORDER BY sequence"
            )
        }
        #expect(stored == ["- blob16", "activation_not_found null"])
    }
}
