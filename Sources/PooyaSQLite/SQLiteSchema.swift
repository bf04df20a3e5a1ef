import GRDB
import PooyaIssuer

/// The schema, as named migrations that are never edited once shipped (GRDB's `DatabaseMigrator`).
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-cards-tokens-tickets-decisions-audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE cards (
                        id TEXT PRIMARY KEY NOT NULL,
                        fingerprint TEXT NOT NULL UNIQUE,
                        masked_pan TEXT NOT NULL,
                        bank_name TEXT NOT NULL,
                        bank_persian_name TEXT NOT NULL,
                        mobile TEXT NOT NULL,
                        blocked INTEGER NOT NULL,
                        sms_codes INTEGER NOT NULL,
                        ussd_codes INTEGER NOT NULL,
                        static_second_pin_disabled INTEGER NOT NULL,
                        registered_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    CREATE TABLE tokens (
                        id TEXT PRIMARY KEY NOT NULL,
                        card_id TEXT NOT NULL REFERENCES cards(id),
                        kind TEXT NOT NULL,
                        seed_key_id INTEGER NOT NULL,
                        sealed_seed BLOB NOT NULL,
                        algorithm TEXT NOT NULL,
                        digits INTEGER NOT NULL,
                        period INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        last_accepted_step INTEGER,
                        used_capped_minutes TEXT NOT NULL,
                        consecutive_failures INTEGER NOT NULL,
                        locked_at INTEGER,
                        revoked_at INTEGER
                    );
                    CREATE UNIQUE INDEX tokens_one_active_per_kind ON tokens(card_id, kind) WHERE revoked_at IS NULL;
                    CREATE TABLE activation_tickets (
                        serial TEXT PRIMARY KEY NOT NULL,
                        lookup_id TEXT NOT NULL UNIQUE,
                        card_id TEXT NOT NULL REFERENCES cards(id),
                        kind TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        key_id INTEGER NOT NULL,
                        sealed_key BLOB NOT NULL,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        attempts_left INTEGER NOT NULL,
                        closed_at INTEGER
                    );
                    CREATE INDEX activation_tickets_open ON activation_tickets(card_id) WHERE closed_at IS NULL;
                    CREATE TABLE decisions (
                        transaction_id TEXT PRIMARY KEY NOT NULL,
                        card_id TEXT NOT NULL REFERENCES cards(id),
                        request_digest TEXT NOT NULL,
                        decision TEXT NOT NULL,
                        decided_at INTEGER NOT NULL
                    );
                    CREATE TABLE audit (
                        sequence INTEGER PRIMARY KEY NOT NULL,
                        action TEXT NOT NULL,
                        card_fingerprint TEXT,
                        token_id TEXT,
                        kind TEXT,
                        channel TEXT,
                        reason TEXT,
                        time INTEGER NOT NULL,
                        previous_hash TEXT NOT NULL,
                        hash TEXT NOT NULL
                    );
                    CREATE INDEX audit_by_card ON audit(card_fingerprint, sequence);
                    CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """
            )
        }
        migrator.registerMigration("v2-client-keys") { db in
            try db.execute(
                sql: """
                    CREATE TABLE client_keys (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        scopes TEXT NOT NULL,
                        secret_digest TEXT NOT NULL UNIQUE,
                        created_at INTEGER NOT NULL,
                        revoked_at INTEGER
                    );
                    """
            )
        }
        migrator.registerMigration("v3-sms-outbox-issued-codes") { db in
            try db.execute(
                sql: """
                    ALTER TABLE cards ADD COLUMN code_failures INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE cards ADD COLUMN codes_locked_at INTEGER;
                    CREATE INDEX cards_by_mobile ON cards(mobile);
                    CREATE TABLE issued_codes (
                        id TEXT PRIMARY KEY NOT NULL,
                        card_id TEXT NOT NULL REFERENCES cards(id),
                        kind TEXT NOT NULL,
                        channel TEXT NOT NULL,
                        code_digest TEXT NOT NULL,
                        transaction_id TEXT,
                        amount INTEGER,
                        merchant_id TEXT,
                        issued_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        used_at INTEGER
                    );
                    CREATE INDEX issued_codes_by_card ON issued_codes(card_id, issued_at);
                    CREATE TABLE sms_outbox (
                        id TEXT PRIMARY KEY NOT NULL,
                        card_id TEXT REFERENCES cards(id),
                        recipient TEXT NOT NULL,
                        purpose TEXT NOT NULL,
                        text_key_id INTEGER NOT NULL,
                        sealed_text BLOB NOT NULL,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        next_attempt_at INTEGER NOT NULL,
                        last_error TEXT,
                        sent_at INTEGER,
                        delivery_status TEXT,
                        delivery_at INTEGER
                    );
                    CREATE INDEX sms_outbox_due ON sms_outbox(next_attempt_at) WHERE status = 'queued';
                    """
            )
        }
        migrator.registerMigration("v4-one-lock-per-card-and-kind-suspension-sms-activation") { db in
            // One failure count and lock per card and PIN kind, whatever channel the wrong codes came through: the
            // active token's count and the card's SMS-code count (second PIN) become the card's, the larger wins.
            try db.execute(
                sql: """
                    ALTER TABLE cards ADD COLUMN first_pin_failures INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE cards ADD COLUMN first_pin_locked_at INTEGER;
                    ALTER TABLE cards ADD COLUMN second_pin_failures INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE cards ADD COLUMN second_pin_locked_at INTEGER;
                    ALTER TABLE cards ADD COLUMN sms_activated_at INTEGER;
                    ALTER TABLE cards ADD COLUMN suspended_at INTEGER;
                    ALTER TABLE activation_tickets ADD COLUMN sms_part_digest TEXT;
                    UPDATE cards SET
                        first_pin_failures = COALESCE((SELECT t.consecutive_failures FROM tokens t
                            WHERE t.card_id = cards.id AND t.kind = 'first' AND t.revoked_at IS NULL), 0),
                        first_pin_locked_at = (SELECT t.locked_at FROM tokens t
                            WHERE t.card_id = cards.id AND t.kind = 'first' AND t.revoked_at IS NULL),
                        second_pin_failures = MAX(code_failures, COALESCE((SELECT t.consecutive_failures FROM tokens t
                            WHERE t.card_id = cards.id AND t.kind = 'second' AND t.revoked_at IS NULL), 0)),
                        second_pin_locked_at = COALESCE((SELECT t.locked_at FROM tokens t
                            WHERE t.card_id = cards.id AND t.kind = 'second' AND t.revoked_at IS NULL), codes_locked_at);
                    ALTER TABLE cards DROP COLUMN code_failures;
                    ALTER TABLE cards DROP COLUMN codes_locked_at;
                    ALTER TABLE tokens DROP COLUMN consecutive_failures;
                    ALTER TABLE tokens DROP COLUMN locked_at;
                    """
            )
        }
        migrator.registerMigration("v5-audit-actor") { db in
            // Who acted: the client key's id or the staff member, chained into the entry's hash when named.
            try db.execute(sql: "ALTER TABLE audit ADD COLUMN actor TEXT")
        }
        migrator.registerMigration("v6-client-key-webotp-hosts") { db in
            // The payment pages' hosts a gateway's key may name in the WebOTP line of its code SMS, comma-separated.
            try db.execute(sql: "ALTER TABLE client_keys ADD COLUMN webotp_hosts TEXT NOT NULL DEFAULT ''")
        }
        migrator.registerMigration("v7-token-clock-offset") { db in
            // A phone whose clock is off: the offset learnt from two drifting codes in a row, and the pending one.
            try db.execute(
                sql: """
                    ALTER TABLE tokens ADD COLUMN step_offset INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE tokens ADD COLUMN pending_drift INTEGER;
                    """
            )
        }
        migrator.registerMigration("v8-issued-code-transaction-type") { db in
            // What the payment a gateway's code was sent for is: its SMS names it, its verification must repeat it.
            try db.execute(sql: "ALTER TABLE issued_codes ADD COLUMN transaction_type TEXT NOT NULL DEFAULT 'purchase'")
        }
        migrator.registerMigration("v9-receipt-redemption") { db in
            // When an approval's signed receipt was redeemed: a receipt is accepted once. (How the approval was
            // proved, which its receipt names, is part of the decision's text: `approved:app`.)
            try db.execute(sql: "ALTER TABLE decisions ADD COLUMN receipt_redeemed_at INTEGER")
        }
        migrator.registerMigration("v10-sealed-secrets-by-key") { db in
            // Resealing finds the secrets under older master keys in batches: by index, not by reading the table from
            // its start every batch (which made a run quadratic in the number of tokens).
            try db.execute(
                sql: """
                    CREATE INDEX tokens_by_seed_key ON tokens(seed_key_id);
                    CREATE INDEX activation_tickets_by_key ON activation_tickets(key_id);
                    CREATE INDEX sms_outbox_by_text_key ON sms_outbox(text_key_id);
                    """
            )
        }
        migrator.registerMigration("v11-audit-chains-and-checkpoints") { db in
            // The audit log in chains (one here: SQLite has one writer) and signed checkpoints of their heads, kept
            // as the log is: append-only.
            try db.execute(
                sql: """
                    ALTER TABLE audit ADD COLUMN chain INTEGER NOT NULL DEFAULT 0;
                    CREATE TABLE audit_checkpoints (
                        id INTEGER PRIMARY KEY NOT NULL,
                        made_at INTEGER NOT NULL,
                        token TEXT NOT NULL
                    );
                    CREATE TRIGGER audit_checkpoints_are_append_only_update BEFORE UPDATE ON audit_checkpoints
                        BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
                    CREATE TRIGGER audit_checkpoints_are_append_only_delete BEFORE DELETE ON audit_checkpoints
                        BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
                    """
            )
        }
        migrator.registerMigration("v12-staff-and-outbox-by-card") { db in
            // The console's staff accounts (a password's hash, a sealed TOTP seed, sign-in failures), and the outbox
            // by card for the helpdesk's view of one card's SMS.
            try db.execute(
                sql: """
                    CREATE TABLE staff (
                        name TEXT PRIMARY KEY NOT NULL,
                        role TEXT NOT NULL,
                        password_hash TEXT NOT NULL,
                        totp_key_id INTEGER NOT NULL,
                        sealed_totp_seed BLOB NOT NULL,
                        totp_enrolled_at INTEGER,
                        last_totp_step INTEGER,
                        failed_sign_ins INTEGER NOT NULL,
                        locked_until INTEGER,
                        sessions_valid_from INTEGER NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX staff_by_totp_key ON staff(totp_key_id);
                    CREATE INDEX sms_outbox_by_card ON sms_outbox(card_id, created_at);
                    """
            )
        }
        migrator.registerMigration("v13-audit-previous-hash-read-from-the-chain") { db in
            // An entry's previous hash is the hash of the entry before it in its chain: read from there
            // (StoredRows.auditColumns) instead of kept twice, 64 bytes less per entry.
            try db.execute(sql: "ALTER TABLE audit DROP COLUMN previous_hash")
        }
        migrator.registerMigration("v14-digests-as-bytes") { db in
            // The digests kept with every verification as their 32 bytes (StoredDigest), not 64 hex digits: an audit
            // entry's hash and card fingerprint, a decision's request digest. The entries' index by card holds the
            // fingerprint's first 8 bytes, enough to find a card's entries among billions (a query compares the whole
            // fingerprint too). The tables are remade, as SQLite changes a column's type; rowids are kept, and a value
            // that is not a digest's hex (only a hand-edited one could be) is kept as it is, for the chain's check.
            db.add(function: digestBytes)
            defer { db.remove(function: digestBytes) }
            try db.execute(
                sql: """
                    CREATE TABLE audit_v14 (
                        sequence INTEGER PRIMARY KEY NOT NULL,
                        chain INTEGER NOT NULL DEFAULT 0,
                        action TEXT NOT NULL,
                        card_fingerprint BLOB,
                        token_id TEXT,
                        kind TEXT,
                        channel TEXT,
                        reason TEXT,
                        time INTEGER NOT NULL,
                        actor TEXT,
                        hash BLOB NOT NULL
                    );
                    INSERT INTO audit_v14 (sequence, chain, action, card_fingerprint, token_id, kind, channel, reason,
                        time, actor, hash)
                    SELECT sequence, chain, action, pooya_digest_bytes(card_fingerprint), token_id, kind, channel,
                        reason, time, actor, pooya_digest_bytes(hash)
                    FROM audit;
                    DROP TABLE audit;
                    ALTER TABLE audit_v14 RENAME TO audit;
                    CREATE INDEX audit_by_card ON audit(substr(card_fingerprint, 1, 8), sequence);
                    CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    CREATE TABLE decisions_v14 (
                        transaction_id TEXT PRIMARY KEY NOT NULL,
                        card_id TEXT NOT NULL REFERENCES cards(id),
                        request_digest BLOB NOT NULL,
                        decision TEXT NOT NULL,
                        decided_at INTEGER NOT NULL,
                        receipt_redeemed_at INTEGER
                    );
                    INSERT INTO decisions_v14 (rowid, transaction_id, card_id, request_digest, decision, decided_at,
                        receipt_redeemed_at)
                    SELECT rowid, transaction_id, card_id, pooya_digest_bytes(request_digest), decision, decided_at,
                        receipt_redeemed_at
                    FROM decisions;
                    DROP TABLE decisions;
                    ALTER TABLE decisions_v14 RENAME TO decisions;
                    """
            )
        }
        migrator.registerMigration("v15-decisions-compact") { db in
            // A decision's card as its id's 16 bytes (StoredCardID), compared only, so no longer a reference to
            // cards(id); its request digest as the first 16 bytes (the issuer keeps 128 bits of it now), so a retry
            // of a decision made before matches. The table is remade, keeping rowids (retention's order).
            db.add(function: cardIDBytes)
            defer { db.remove(function: cardIDBytes) }
            try db.execute(
                sql: """
                    CREATE TABLE decisions_v15 (
                        transaction_id TEXT PRIMARY KEY NOT NULL,
                        card_id BLOB NOT NULL,
                        request_digest BLOB NOT NULL,
                        decision TEXT NOT NULL,
                        decided_at INTEGER NOT NULL,
                        receipt_redeemed_at INTEGER
                    );
                    INSERT INTO decisions_v15 (rowid, transaction_id, card_id, request_digest, decision, decided_at,
                        receipt_redeemed_at)
                    SELECT rowid, transaction_id, pooya_card_id_bytes(card_id),
                        CASE WHEN typeof(request_digest) = 'blob' AND length(request_digest) = 32
                            THEN substr(request_digest, 1, 16) ELSE request_digest END,
                        decision, decided_at, receipt_redeemed_at
                    FROM decisions;
                    DROP TABLE decisions;
                    ALTER TABLE decisions_v15 RENAME TO decisions;
                    """
            )
        }
        migrator.registerMigration("v16-audit-receipt-as-bytes") { db in
            // An approval's entry names its receipt by 16 bytes in a column of their own (StoredAuditReason), not 30
            // characters of its reason; the entries before keep their text, which reads back the same.
            try db.execute(sql: "ALTER TABLE audit ADD COLUMN receipt BLOB")
        }
        return migrator
    }

    /// `pooya_card_id_bytes(text)`: a card's id as a decision keeps it (``StoredCardID``).
    private static let cardIDBytes = DatabaseFunction("pooya_card_id_bytes", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map(StoredCardID.bytes) ?? values[0]
    }

    /// `pooya_digest_bytes(text)`: a digest's hex as its bytes (``StoredDigest``), anything else as it is.
    private static let digestBytes = DatabaseFunction("pooya_digest_bytes", argumentCount: 1, pure: true) { values in
        guard let hex = String.fromDatabaseValue(values[0]), let bytes = try? StoredDigest.bytes(hex) else {
            return values[0]
        }
        return bytes
    }
}
