import Foundation
import PostgresNIO

/// The schema, as named migrations that are never edited once shipped, applied in order and recorded in
/// `pooya_migrations`. Nodes starting together do not race: the one that takes the schema lock migrates, the others
/// wait for it and find nothing left to do.
///
/// The tables hold what SQLite's (`PooyaSQLite`'s v1–v16) hold, column for column, so the two stores keep the same
/// promises: times are Unix seconds (`BIGINT`), sealed secrets `BYTEA` with their master key's id, and decisions and
/// capped minutes the compact text of ``StoredText``.
enum PostgresSchema {
    /// The migrations, by name, oldest first.
    static let migrations: [(name: String, statements: [String])] = [
        ("v1-pooya-schema", statements(version1)),
        ("v2-shared-limits-and-ussd-sessions", version2),
        ("v3-audit-chains-and-checkpoints", version3),
        // The limit buckets and USSD sessions need no durability: no WAL, so a take commits without waiting for the
        // disk. After a database crash or a failover they start empty — every limit full, every session new.
        (
            "v4-unlogged-limits-and-sessions",
            ["ALTER TABLE limit_buckets SET UNLOGGED", "ALTER TABLE ussd_sessions SET UNLOGGED"]
        ),
        ("v5-staff-and-outbox-by-card", statements(version5)),
        // An entry's previous hash is read from the entry before it in its chain (StoredRows.auditColumns).
        ("v6-audit-previous-hash-read-from-the-chain", ["ALTER TABLE audit DROP COLUMN previous_hash"]),
        ("v7-digests-as-bytes", version7),
        ("v8-decisions-compact", version8),
        // An approval's entry names its receipt by 16 bytes (StoredAuditReason): SQLite's v16.
        ("v9-audit-receipt-as-bytes", ["ALTER TABLE audit ADD COLUMN receipt BYTEA"]),
    ]

    /// The digests kept with every verification as their 32 bytes (``StoredDigest``), as SQLite's v14 keeps them: an
    /// audit entry's hash and card fingerprint, a decision's request digest, and the entries' index by card on the
    /// fingerprint's first 8 bytes. A value that is not a digest's hex (only a hand-edited one could be) keeps its
    /// bytes, for the chain's check to find.
    private static let version7 = [
        "DROP INDEX audit_by_card",
        """
        ALTER TABLE audit
            ALTER COLUMN card_fingerprint TYPE BYTEA USING \(digestBytes("card_fingerprint")),
            ALTER COLUMN hash TYPE BYTEA USING \(digestBytes("hash"))
        """,
        "CREATE INDEX audit_by_card ON audit (substring(card_fingerprint FROM 1 FOR 8), sequence)",
        "ALTER TABLE decisions ALTER COLUMN request_digest TYPE BYTEA USING \(digestBytes("request_digest"))",
    ]

    /// A decision's card as its id's 16 bytes (``StoredCardID``), compared only, so no longer a reference to
    /// `cards (id)`, and its request digest as its first 16 bytes (the issuer keeps 128 bits of it now), so a retry of a
    /// decision made before matches: SQLite's v15.
    private static let version8 = [
        """
        ALTER TABLE decisions
            DROP CONSTRAINT decisions_card_id_fkey,
            ALTER COLUMN card_id TYPE BYTEA USING CASE WHEN card_id ~ '^crd_[0-9a-f]{32}$'
                THEN decode(substring(card_id FROM 5), 'hex') ELSE convert_to(card_id, 'UTF8') END
        """,
        "UPDATE decisions SET request_digest = substring(request_digest FROM 1 FOR 16) WHERE length(request_digest) = 32",
    ]

    private static func digestBytes(_ column: String) -> String {
        "CASE WHEN \(column) ~ '^[0-9a-f]{64}$' THEN decode(\(column), 'hex') ELSE convert_to(\(column), 'UTF8') END"
    }

    /// The console's staff accounts, and the outbox by card (SQLite's v12).
    private static let version5 = """
        CREATE TABLE staff (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            totp_key_id BIGINT NOT NULL,
            sealed_totp_seed BYTEA NOT NULL,
            totp_enrolled_at BIGINT,
            last_totp_step BIGINT,
            failed_sign_ins INTEGER NOT NULL,
            locked_until BIGINT,
            sessions_valid_from BIGINT NOT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE INDEX staff_by_totp_key ON staff (totp_key_id);
        CREATE INDEX sms_outbox_by_card ON sms_outbox (card_id, created_at);
        """

    /// Applies the migrations `pooya_migrations` does not list yet, under the schema lock.
    static func migrate(_ session: PostgresSession) async throws {
        // The lock first: two nodes creating the table at once would clash even with IF NOT EXISTS.
        try await session.run("SELECT pg_advisory_lock(\(PostgresLockSpace.schema.rawValue), 0)")
        do {
            try await session.run(
                "CREATE TABLE IF NOT EXISTS pooya_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
            )
            var applied: Set<String> = []
            for row in try await session.rows("SELECT name FROM pooya_migrations") {
                applied.insert(try row.decode(String.self))
            }
            for migration in migrations where !applied.contains(migration.name) {
                try await session.run("BEGIN")
                do {
                    for statement in migration.statements {
                        try await session.run(PostgresQuery(unsafeSQL: statement))
                    }
                    try await session.run("INSERT INTO pooya_migrations VALUES (\(migration.name), now())")
                    try await session.run("COMMIT")
                } catch {
                    try? await session.run("ROLLBACK")
                    throw error
                }
            }
        } catch {
            try? await session.run("SELECT pg_advisory_unlock(\(PostgresLockSpace.schema.rawValue), 0)")
            throw error
        }
        try await session.run("SELECT pg_advisory_unlock(\(PostgresLockSpace.schema.rawValue), 0)")
    }

    /// A script's statements: each ends with a semicolon at the end of a line (the extended protocol takes one
    /// statement at a time; a semicolon inside a function's body must not end a line).
    static func statements(_ sql: String) -> [String] {
        sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    private static let version1 = """
        CREATE TABLE cards (
            id TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL UNIQUE,
            masked_pan TEXT NOT NULL,
            bank_name TEXT NOT NULL,
            bank_persian_name TEXT NOT NULL,
            mobile TEXT NOT NULL,
            blocked BOOLEAN NOT NULL,
            sms_codes BOOLEAN NOT NULL,
            ussd_codes BOOLEAN NOT NULL,
            static_second_pin_disabled BOOLEAN NOT NULL,
            registered_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            first_pin_failures INTEGER NOT NULL,
            first_pin_locked_at BIGINT,
            second_pin_failures INTEGER NOT NULL,
            second_pin_locked_at BIGINT,
            sms_activated_at BIGINT,
            suspended_at BIGINT,
            position BIGINT GENERATED ALWAYS AS IDENTITY
        );
        CREATE INDEX cards_by_mobile ON cards (mobile, registered_at, position);
        CREATE TABLE tokens (
            id TEXT PRIMARY KEY,
            card_id TEXT NOT NULL REFERENCES cards (id),
            kind TEXT NOT NULL,
            seed_key_id BIGINT NOT NULL,
            sealed_seed BYTEA NOT NULL,
            algorithm TEXT NOT NULL,
            digits INTEGER NOT NULL,
            period BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            last_accepted_step BIGINT,
            used_capped_minutes TEXT NOT NULL,
            revoked_at BIGINT,
            step_offset BIGINT NOT NULL,
            pending_drift BIGINT
        );
        CREATE UNIQUE INDEX tokens_one_active_per_kind ON tokens (card_id, kind) WHERE revoked_at IS NULL;
        CREATE INDEX tokens_by_seed_key ON tokens (seed_key_id);
        CREATE TABLE activation_tickets (
            serial TEXT PRIMARY KEY,
            lookup_id TEXT NOT NULL UNIQUE,
            card_id TEXT NOT NULL REFERENCES cards (id),
            kind TEXT NOT NULL,
            channel TEXT NOT NULL,
            key_id BIGINT NOT NULL,
            sealed_key BYTEA NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            attempts_left INTEGER NOT NULL,
            closed_at BIGINT,
            sms_part_digest TEXT
        );
        CREATE INDEX activation_tickets_open ON activation_tickets (card_id) WHERE closed_at IS NULL;
        CREATE INDEX activation_tickets_by_key ON activation_tickets (key_id);
        CREATE TABLE decisions (
            transaction_id TEXT PRIMARY KEY,
            card_id TEXT NOT NULL REFERENCES cards (id),
            request_digest TEXT NOT NULL,
            decision TEXT NOT NULL,
            decided_at BIGINT NOT NULL,
            receipt_redeemed_at BIGINT
        );
        CREATE INDEX decisions_by_time ON decisions (decided_at);
        CREATE TABLE issued_codes (
            id TEXT PRIMARY KEY,
            card_id TEXT NOT NULL REFERENCES cards (id),
            kind TEXT NOT NULL,
            channel TEXT NOT NULL,
            code_digest TEXT NOT NULL,
            transaction_id TEXT,
            amount BIGINT,
            merchant_id TEXT,
            transaction_type TEXT NOT NULL,
            issued_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            used_at BIGINT
        );
        CREATE INDEX issued_codes_by_card ON issued_codes (card_id, issued_at);
        CREATE INDEX issued_codes_by_time ON issued_codes (issued_at);
        CREATE TABLE sms_outbox (
            id TEXT PRIMARY KEY,
            card_id TEXT REFERENCES cards (id),
            recipient TEXT NOT NULL,
            purpose TEXT NOT NULL,
            text_key_id BIGINT NOT NULL,
            sealed_text BYTEA NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at BIGINT NOT NULL,
            last_error TEXT,
            sent_at BIGINT,
            delivery_status TEXT,
            delivery_at BIGINT,
            position BIGINT GENERATED ALWAYS AS IDENTITY
        );
        CREATE INDEX sms_outbox_due ON sms_outbox (next_attempt_at) WHERE status = 'queued';
        CREATE INDEX sms_outbox_by_text_key ON sms_outbox (text_key_id);
        CREATE INDEX sms_outbox_by_time ON sms_outbox (created_at) WHERE status <> 'queued';
        CREATE INDEX sms_outbox_newest ON sms_outbox (created_at DESC, position DESC);
        CREATE TABLE client_keys (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            scopes TEXT NOT NULL,
            secret_digest TEXT NOT NULL UNIQUE,
            created_at BIGINT NOT NULL,
            revoked_at BIGINT,
            webotp_hosts TEXT NOT NULL
        );
        CREATE TABLE audit (
            sequence BIGINT PRIMARY KEY,
            action TEXT NOT NULL,
            card_fingerprint TEXT,
            token_id TEXT,
            kind TEXT,
            channel TEXT,
            reason TEXT,
            time BIGINT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            actor TEXT
        );
        CREATE INDEX audit_by_card ON audit (card_fingerprint, sequence);
        CREATE FUNCTION pooya_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
        CREATE TRIGGER audit_is_append_only BEFORE UPDATE OR DELETE ON audit
            FOR EACH ROW EXECUTE FUNCTION pooya_audit_is_append_only();
        CREATE TRIGGER audit_is_never_truncated BEFORE TRUNCATE ON audit
            FOR EACH STATEMENT EXECUTE FUNCTION pooya_audit_is_append_only();

        """

    /// The limits that protect cardholders, and USSD sessions, shared by every node (they were in each node's memory).
    private static let version2 = [
        """
        CREATE TABLE limit_buckets (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            tokens DOUBLE PRECISION NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL,
            full_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (scope, key)
        )
        """,
        "CREATE INDEX limit_buckets_full ON limit_buckets (full_at)",
        // One request from a token bucket holding `capacity`, refilled evenly over `window` seconds: 0 when allowed,
        // else the seconds until a request would be. The bucket's row is locked until the statement's end.
        """
        CREATE FUNCTION pooya_take(p_scope TEXT, p_key TEXT, p_capacity DOUBLE PRECISION, p_window DOUBLE PRECISION)
        RETURNS DOUBLE PRECISION LANGUAGE plpgsql AS $$
        DECLARE
            rate DOUBLE PRECISION := p_capacity / p_window;
            now_t DOUBLE PRECISION := extract(epoch FROM clock_timestamp());
            refilled DOUBLE PRECISION;
        BEGIN
            INSERT INTO limit_buckets (scope, key, tokens, updated_at, full_at)
                VALUES (p_scope, p_key, p_capacity, now_t, now_t) ON CONFLICT (scope, key) DO NOTHING;
            SELECT least(p_capacity, tokens + greatest(0, now_t - updated_at) * rate) INTO refilled
                FROM limit_buckets WHERE scope = p_scope AND key = p_key FOR UPDATE;
            IF refilled < 1 THEN
                UPDATE limit_buckets SET tokens = refilled, updated_at = now_t,
                    full_at = now_t + (p_capacity - refilled) / rate
                    WHERE scope = p_scope AND key = p_key;
                RETURN (1 - refilled) / rate;
            END IF;
            UPDATE limit_buckets SET tokens = refilled - 1, updated_at = now_t,
                full_at = now_t + (p_capacity - refilled + 1) / rate
                WHERE scope = p_scope AND key = p_key;
            RETURN 0;
        END $$
        """,
        "CREATE TABLE ussd_sessions (id TEXT PRIMARY KEY, started_at BIGINT NOT NULL)",
        "CREATE INDEX ussd_sessions_by_start ON ussd_sessions (started_at)",
    ]

    /// The audit log in ``PostgresStore/auditChains`` chains, each gapless and appended under its own lock, so
    /// changes to cards of different chains do not wait on one head; and signed checkpoints of the heads.
    private static let version3 = [
        "ALTER TABLE audit ADD COLUMN chain INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE audit DROP CONSTRAINT audit_pkey",
        "ALTER TABLE audit ADD PRIMARY KEY (chain, sequence)",
        """
        CREATE TABLE audit_checkpoints (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            made_at BIGINT NOT NULL,
            token TEXT NOT NULL
        )
        """,
        """
        CREATE TRIGGER audit_checkpoints_are_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
            FOR EACH ROW EXECUTE FUNCTION pooya_audit_is_append_only()
        """,
        """
        CREATE TRIGGER audit_checkpoints_are_never_truncated BEFORE TRUNCATE ON audit_checkpoints
            FOR EACH STATEMENT EXECUTE FUNCTION pooya_audit_is_append_only()
        """,
    ]
}
