import Foundation
import Logging
import PooyaIssuer
@testable import PooyaPostgres
import PooyaProtocol
import PooyaTesting
import Testing

/// What the PostgreSQL store promises beyond the contract: several nodes (here, several stores, each with its own
/// pool, as each node has) on one database, nodes migrating together, and a database that goes away and comes back.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "no PostgreSQL for the tests: run scripts/test"))
struct PostgresStoreTests {
    /// Quiet: the pool logs each failed connection attempt while a test has the server stopped.
    private static let logger: Logger = {
        var logger = Logger(label: "pooya.test.postgres")
        logger.logLevel = .critical
        return logger
    }()

    private static func store(_ url: String) async throws -> PostgresStore {
        try await PostgresStore(settings: try PostgresSettings(url: url), logger: logger)
    }

    private static let migrationNames = """
        v1-pooya-schema
        v2-shared-limits-and-ussd-sessions
        v3-audit-chains-and-checkpoints
        v4-unlogged-limits-and-sessions
        v5-staff-and-outbox-by-card
        v6-audit-previous-hash-read-from-the-chain
        v7-digests-as-bytes
        v8-decisions-compact
        v9-audit-receipt-as-bytes
        """

    @Test("nodes starting together on an empty database migrate it once")
    func nodesMigrateOnce() async throws {
        let url = try await PostgresTestServer.makeDatabase()
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await Self.store(url) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 4)
        let applied = try await PostgresTestServer.psql(url, "SELECT name FROM pooya_migrations ORDER BY name")
        #expect(applied == Self.migrationNames)
    }

    @Test("an older database keeps its audit chain and decisions when its digests become bytes")
    func digestsBecomeBytes() async throws {
        let url = try await PostgresTestServer.makeDatabase()
        var script = "CREATE TABLE pooya_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL);\n"
        for migration in PostgresSchema.migrations.prefix(while: { $0.name != "v7-digests-as-bytes" }) {
            script += migration.statements.joined(separator: ";\n") + ";\n"
            script += "INSERT INTO pooya_migrations VALUES ('\(migration.name)', now());\n"
        }
        let card = IssuerStoreContract.fingerprint(1)
        let chain = AuditChains.chain(for: card, of: PostgresStore.auditChains)
        let events = [
            AuditEvent(.cardRegistered, card: card, time: 1, actor: .clientKey(id: "key_bank")),
            AuditEvent(.verificationApproved, card: card, channel: .api, reason: AuditReason(rawValue: "r"), time: 2),
            AuditEvent(.pinUnlocked, card: card, time: 3),
        ]
        let entries = events.reduce(into: [AuditEntry]()) { entries, event in
            entries.append(AuditEntry.chained(event, after: entries.last.map { ($0.sequence, $0.hash) }, chain: chain))
        }
        // As v6 wrote them: hex text, and the last entry's hash edited by hand.
        let requestDigest = String(repeating: "5a", count: 32)
        script += """
            INSERT INTO cards (id, fingerprint, masked_pan, bank_name, bank_persian_name, mobile, blocked, sms_codes,
                ussd_codes, static_second_pin_disabled, registered_at, updated_at, first_pin_failures,
                second_pin_failures)
            VALUES ('crd_a', '\(card.hex)', '610433******0018', 'Bank Mellat', 'بانک ملت', '+989121234567', false,
                true, true, true, 1, 1, 0, 0);
            INSERT INTO decisions VALUES ('tx-1', 'crd_a', '\(requestDigest)', 'approved:app', 5, NULL);

            """
        for entry in entries {
            let event = entry.event
            let channel = event.channel.map { "'\($0.rawValue)'" } ?? "NULL"
            let reason = event.reason.map { "'\($0.rawValue)'" } ?? "NULL"
            let actor = event.actor.map { "'\($0.rawValue)'" } ?? "NULL"
            let hash = entry.sequence == 3 ? "forged" : entry.hash
            let values: [String] = [
                "\(chain)", "\(entry.sequence)", "'\(event.action.rawValue)'", "'\(card.hex)'", "NULL", channel, reason,
                "\(event.time)", "'\(hash)'", actor,
            ]
            script += """
                INSERT INTO audit (chain, sequence, action, card_fingerprint, kind, channel, reason, time, hash, actor)
                VALUES (\(values.joined(separator: ", ")));

                """
        }
        _ = try await PostgresTestServer.psql(url, script)

        let store = try await Self.store(url)
        let read = try await store.auditEntries(chain: chain, after: 0, limit: 10, card: nil)
        #expect(Array(read.prefix(2)) == Array(entries.prefix(2)), "the entries read back as they were chained")
        #expect(read.last?.hash == "666f72676564", "a hand-edited hash keeps its bytes (\"forged\"), to be found")
        #expect(
            Array(try await store.auditEntries(chain: chain, after: 1, limit: 10, card: card).prefix(1)) == [entries[1]]
        )
        let decision = try await store.withCard(card, transactionID: "tx-1") { $0?.recordedDecision }
        #expect(decision?.requestDigest == String(requestDigest.prefix(32)) && decision?.decision == .approved)
        let stored = try await PostgresTestServer.psql(
            url,
            """
            SELECT DISTINCT pg_typeof(card_fingerprint) || ' ' || length(card_fingerprint) || ' ' || length(hash)
            FROM audit WHERE sequence < 3 UNION ALL SELECT pg_typeof(request_digest) || ' ' || length(request_digest)
            FROM decisions
            """
        )
        #expect(stored == "bytea 32 32\nbytea 16")
        let index = try await PostgresTestServer.psql(
            url,
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'audit_by_card'"
        )
        #expect(index.contains("SUBSTRING(card_fingerprint FROM 1 FOR 8)"), "\(index)")
    }

    @Test("an older database's decisions keep their card and their retries when made compact")
    func decisionsBecomeCompact() async throws {
        let url = try await PostgresTestServer.makeDatabase()
        var script = "CREATE TABLE pooya_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL);\n"
        for migration in PostgresSchema.migrations.prefix(while: { $0.name != "v8-decisions-compact" }) {
            script += migration.statements.joined(separator: ";\n") + ";\n"
            script += "INSERT INTO pooya_migrations VALUES ('\(migration.name)', now());\n"
        }
        let (a, b) = (IssuerStoreContract.fingerprint(1), IssuerStoreContract.fingerprint(2))
        let cardA = "crd_" + String(repeating: "0123456789abcdef", count: 2)
        for (id, fingerprint, mobile) in [(cardA, a, "+989121234567"), ("crd_b", b, "+989121234568")] {
            script += """
                INSERT INTO cards (id, fingerprint, masked_pan, bank_name, bank_persian_name, mobile, blocked,
                    sms_codes, ussd_codes, static_second_pin_disabled, registered_at, updated_at, first_pin_failures,
                    second_pin_failures)
                VALUES ('\(id)', '\(fingerprint.hex)', '610433******0018', 'Bank Mellat', 'بانک ملت', '\(mobile)',
                    false, true, true, true, 1, 1, 0, 0);

                """
        }
        // As v7 wrote it: the card's id as text, the request's whole 32-byte digest.
        script += """
            INSERT INTO decisions VALUES ('tx-1', '\(cardA)',
                decode('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex'),
                'rejected:invalid_code:2', 5, NULL);

            """
        _ = try await PostgresTestServer.psql(url, script)

        let store = try await Self.store(url)
        try await IssuerStoreContract.checkMigratedDecision(
            in: store,
            card: a,
            otherCard: b,
            transactionID: "tx-1",
            digest: "000102030405060708090a0b0c0d0e0f"
        )
        let stored = try await PostgresTestServer.psql(
            url,
            "SELECT pg_typeof(card_id) || ' ' || length(card_id) || ' ' || length(request_digest) FROM decisions"
        )
        #expect(stored == "bytea 16 16")
    }

    @Test("changes to one card through two nodes are serialised, and the audit stays one gapless chain")
    func twoNodesSerialiseOneCard() async throws {
        let url = try await PostgresTestServer.makeDatabase()
        let nodes = [try await Self.store(url), try await Self.store(url)]
        let state = try IssuerStoreContract.sampleState(1)
        try await nodes[0].withCard(state.card.fingerprint, transactionID: nil) { $0 = state }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await nodes[index % 2].withCard(state.card.fingerprint, transactionID: nil) { current in
                        current?.card.locks.second.failures += 1
                        current?.events.append(
                            DomainEvent(
                                .verified(.second, .rejected(.invalidCode, attemptsLeft: 1), token: nil),
                                card: state.card.fingerprint,
                                time: Int64(index)
                            )
                        )
                    }
                }
            }
            try await group.waitForAll()
        }
        let failures = try await nodes[1].readCard(state.card.fingerprint)?.card.locks.second.failures
        #expect(failures == state.card.locks.second.failures + 200)
        // Two hundred and one entries over the chains, each chain gapless and linked.
        var entries: Int64 = 0
        for chain in 0..<nodes[0].auditChainCount {
            var verifier = AuditChainVerifier(chain: chain)
            var after: Int64 = 0
            while case let page = try await nodes[0].auditEntries(chain: chain, after: after, limit: 100, card: nil),
                !page.isEmpty
            {
                for entry in page {
                    let linked = verifier.check(entry)
                    #expect(linked, "entry \(entry.sequence) of chain \(chain) is not chained to the one before")
                }
                after = page.last!.sequence
            }
            entries += after
        }
        #expect(entries == 201)
        let heads = try await nodes[1].auditHeads()
        #expect(heads.count == PostgresStore.auditChains && heads.map(\.sequence).reduce(0, +) == 201)
    }

    @Test("a checkpoint finds entries cut off a chain's end by someone who owns the tables")
    func aCheckpointFindsATruncatedChain() async throws {
        let url = try await PostgresTestServer.makeDatabase()
        let store = try await Self.store(url)
        let issuer = try Issuer(store: store, vault: try TestKeys.randomVault())
        for number in 1...40 {
            let state = try IssuerStoreContract.sampleState(number)
            try await store.withCard(state.card.fingerprint, transactionID: nil) { $0 = state }
        }
        let checkpoint = try await issuer.makeAuditCheckpoint()
        #expect(checkpoint.heads.count == PostgresStore.auditChains)
        #expect(try await issuer.verifyAuditChain() == .intact(entries: 40))
        let longest = try #require(checkpoint.heads.max { $0.sequence < $1.sequence })
        try await PostgresTestServer.psql(
            url,
            """
            ALTER TABLE audit DISABLE TRIGGER USER;
            DELETE FROM audit WHERE chain = \(longest.chain) AND sequence = \(longest.sequence);
            """
        )
        #expect(
            try await issuer.verifyAuditChain()
                == .broken(
                    sequence: longest.sequence,
                    reason: "the checkpoint made at \(checkpoint.madeAt) signed it, but the chain ends before it"
                        + (longest.chain == 0 ? "" : " (chain \(longest.chain))")
                )
        )
    }

    @Test("a change PostgreSQL aborts to break a deadlock is run again, and saved once")
    func aDeadlockedChangeIsRunAgain() async throws {
        let url = try await PostgresTestServer.makeDatabase()
        let store = try await Self.store(url)
        let state = try IssuerStoreContract.sampleState(1)
        try await store.withCard(state.card.fingerprint, transactionID: nil) { $0 = state }
        let chain = AuditChains.chain(for: state.card.fingerprint, of: PostgresStore.auditChains)
        let key = Int32(bitPattern: UInt32(state.card.fingerprint.hex.prefix(8), radix: 16)!)
        // Another session takes the card's chain lock; the store's change takes the card's lock and waits for the
        // chain; once it waits (pg_locks shows the request not granted; however slow the machine), the other session
        // asks for the card's lock 0.4 s later, closing the cycle. PostgreSQL aborts the session whose deadlock check
        // (`deadlock_timeout`, 1 s after it began to wait) finds the cycle first: the store's change (SQLSTATE 40P01),
        // whose whole transaction runs again — by 0.4 s, a margin a loaded machine's timers keep (by 10 ms, they did
        // not always).
        let other = Task {
            try await PostgresTestServer.psql(
                url,
                """
                BEGIN; SELECT pg_advisory_xact_lock(2, \(chain));
                DO $$ BEGIN
                    FOR attempt IN 1..3000 LOOP
                        EXIT WHEN EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 2
                            AND objid = \(chain) AND NOT granted);
                        PERFORM pg_sleep(0.01);
                    END LOOP;
                    PERFORM pg_sleep(0.4);
                END $$;
                SELECT pg_advisory_xact_lock(1, \(key)); COMMIT;
                """
            )
        }
        // The store's change starts once the other session holds the chain's lock.
        let held = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 2 AND objid = \(chain)"
        var polls = 0
        while try await PostgresTestServer.psql(url, held) == "0", polls < 200 {
            polls += 1
            try await Task.sleep(for: .milliseconds(10))
        }
        try await store.withCard(state.card.fingerprint, transactionID: nil) { current in
            current?.card.locks.second.failures += 1
            current?.events.append(
                DomainEvent(
                    .verified(.second, .rejected(.invalidCode, attemptsLeft: 1), token: nil),
                    card: state.card.fingerprint,
                    time: 2
                )
            )
        }
        _ = try await other.value
        // The backend that broke the deadlock reports it to pg_stat_database when it next flushes its statistics: at
        // a transaction's end at most once a second, or once idle for 10 s (PostgreSQL 15), so wait up to 20 s.
        var deadlocks = 0
        for _ in 0..<200 where deadlocks == 0 {
            deadlocks =
                Int(
                    try await PostgresTestServer.psql(
                        url,
                        "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
                    )
                ) ?? 0
            if deadlocks == 0 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(deadlocks == 1, "PostgreSQL broke one deadlock")
        let saved = try await store.readCard(state.card.fingerprint)?.card.locks.second.failures
        #expect(saved == state.card.locks.second.failures + 1, "the change was saved once")
    }

    @Test("the audit log refuses edits, deletions and truncation in the database itself")
    func theAuditLogIsAppendOnly() async throws {
        let url = try await PostgresTestServer.makeDatabase()
        let store = try await Self.store(url)
        try await store.appendAudit([AuditEvent(.pinUnlocked, card: nil, time: 1)])
        for statement in ["UPDATE audit SET time = 2", "DELETE FROM audit", "TRUNCATE audit"] {
            await #expect(throws: (any Error).self, "\(statement) was allowed") {
                try await PostgresTestServer.psql(url, statement)
            }
        }
        #expect(try await store.auditEntries(after: 0, limit: 10, card: nil).count == 1)
    }

    @Test(
        "a database that goes away is unavailable, never a hang, and the store works again once it is back",
        .timeLimit(.minutes(2))
    )
    func aRestartedDatabaseIsUnavailableThenBack() async throws {
        let cluster = try await PostgresCluster.start()
        do {
            let store = try await Self.store(try await PostgresTestServer.makeDatabase(on: cluster.url))
            let state = try IssuerStoreContract.sampleState(1)
            try await store.withCard(state.card.fingerprint, transactionID: nil) { $0 = state }
            try await cluster.control("stop")
            await #expect(throws: StoreUnavailable.self) {
                try await store.withCard(state.card.fingerprint, transactionID: nil) {
                    $0?.card.locks.second.failures += 1
                }
            }
            await #expect(throws: StoreUnavailable.self) { try await store.readCard(state.card.fingerprint) }
            try await cluster.control("start")
            var read: CardState??
            for _ in 0..<120 where read == nil {
                read = try? await store.readCard(state.card.fingerprint)
                if read == nil { try await Task.sleep(for: .milliseconds(500)) }
            }
            #expect(read??.card.locks.second == state.card.locks.second, "nothing half-written while it was down")
            try await store.withCard(state.card.fingerprint, transactionID: nil) { $0?.card.locks.second.failures += 1 }
        } catch {
            await cluster.remove()
            throw error
        }
        await cluster.remove()
    }
}

/// The state several nodes must share, held in PostgreSQL: the limits that protect cardholders, and USSD sessions.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "no PostgreSQL for the tests: run scripts/test"))
struct NodeSharedStateTests {
    private static func nodes() async throws -> [PostgresStore] {
        let url = try await PostgresTestServer.makeDatabase()
        var logger = Logger(label: "pooya.test.postgres")
        logger.logLevel = .critical
        return [
            try await PostgresStore(settings: try PostgresSettings(url: url), logger: logger),
            try await PostgresStore(settings: try PostgresSettings(url: url), logger: logger),
        ]
    }

    @Test("a limit holds exactly across two nodes taking at once, and a refusal says how long to wait")
    func aLimitHoldsAcrossNodes() async throws {
        let nodes = try await Self.nodes()
        let answers = try await withThrowingTaskGroup(of: Int?.self) { group in
            for index in 0..<60 {
                group.addTask {
                    try await nodes[index % 2].take("card-1", scope: "card-activations", capacity: 5, window: 3600)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.filter { $0 == nil }.count == 5)
        // One request every 720 s: the next one is about 720 s away.
        #expect(answers.compactMap { $0 }.allSatisfy { (700...721).contains($0) })
        let other = try await nodes[1].take("card-2", scope: "card-activations", capacity: 5, window: 3600)
        #expect(other == nil, "another key has its own bucket")
        let otherScope = try await nodes[0].take("card-1", scope: "card-verifications", capacity: 5, window: 3600)
        #expect(otherScope == nil, "another scope has its own bucket")
    }

    @Test("a USSD session's start is the same on whichever node a step arrives")
    func aUSSDSessionStartsOnce() async throws {
        let nodes = try await Self.nodes()
        #expect(try await nodes[0].start("session-1", at: 1_000) == 1_000)
        #expect(try await nodes[1].start("session-1", at: 1_150) == 1_000)
        #expect(try await nodes[1].start("session-2", at: 1_150) == 1_150)
    }
}
