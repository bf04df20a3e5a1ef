import Foundation
import GRDB
import OneTimePassword
import PooyaIssuer
import PooyaProtocol

/// Reading and writing a card's state and the audit log, inside a transaction GRDB gives.
enum SQLiteRows {
    // MARK: - Loading

    static func loadState(_ db: Database, fingerprint: CardFingerprint, transactionID: String?) throws -> CardState? {
        guard
            let card = try rows(
                db.cachedStatement(sql: "SELECT \(StoredRows.cardColumns) FROM cards WHERE fingerprint = ?"),
                [fingerprint.hex],
                StoredRows.card
            ).first
        else { return nil }
        let tokens = try rows(
            db.cachedStatement(
                sql: "SELECT \(StoredRows.tokenColumns) FROM tokens WHERE card_id = ? AND revoked_at IS NULL"
            ),
            [card.id],
            StoredRows.token
        )
        let tickets = try rows(
            db.cachedStatement(
                sql: """
                    SELECT \(StoredRows.ticketColumns) FROM activation_tickets WHERE card_id = ? AND closed_at IS NULL
                    """
            ),
            [card.id],
            StoredRows.ticket
        )
        let issuedCodes = try rows(
            db.cachedStatement(
                sql: """
                    SELECT \(StoredRows.issuedCodeColumns) FROM issued_codes WHERE card_id = ?
                    ORDER BY issued_at DESC, id LIMIT 32
                    """
            ),
            [card.id],
            StoredRows.issuedCode
        )
        var recorded: RecordedDecision?
        if let transactionID {
            recorded = try rows(
                db.cachedStatement(sql: "SELECT \(StoredRows.decisionColumns) FROM decisions WHERE transaction_id = ?"),
                [transactionID],
                StoredRows.decision
            ).first
        }
        return CardState(
            card: card,
            tokens: tokens,
            tickets: tickets,
            issuedCodes: issuedCodes,
            recordedDecision: recorded
        )
    }

    /// Every row of `statement` with `parameters`, each read by `reading`, one of ``StoredRows``' readers (or a
    /// store's own).
    static func rows<Value>(
        _ statement: Statement,
        _ parameters: [any SQLiteBindable] = [],
        _ reading: @escaping (inout OrderedColumns) throws -> Value
    ) throws -> [Value] {
        try Array(OrderedRows(statement, parameters, reading))
    }

    /// Runs `statement` to its end with `parameters`: stepped by GRDB, which checks the transaction is still open
    /// and reports an error with the statement's text, as it does for its own `execute`.
    static func run(_ statement: Statement, _ parameters: [any SQLiteBindable]) throws {
        try OrderedRows(statement, parameters) { _ in }.forEach {}
    }

    // MARK: - Saving

    static func save(_ db: Database, _ changes: CardChanges) throws {
        if let card = changes.card { try save(db, card) }
        for token in changes.tokens { try save(db, token) }
        for ticket in changes.tickets { try save(db, ticket) }
        for code in changes.issuedCodes { try save(db, code) }
        for message in changes.messages { try insert(db, message) }
        if let decision = changes.decision, let cardID = changes.cardID {
            try run(
                db.cachedStatement(
                    sql: """
                        INSERT INTO decisions (transaction_id, card_id, request_digest, decision, decided_at,
                            receipt_redeemed_at) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (transaction_id) DO UPDATE SET request_digest = excluded.request_digest,
                            decision = excluded.decision, decided_at = excluded.decided_at,
                            receipt_redeemed_at = excluded.receipt_redeemed_at
                        WHERE decisions.card_id = excluded.card_id
                        """
                ),
                [
                    decision.transactionID, StoredCardID.bytes(cardID), try StoredDigest.bytes(decision.requestDigest),
                    StoredText.encode(decision.decision, method: decision.method), decision.decidedAt,
                    decision.receiptRedeemedAt,
                ]
            )
        }
        try append(db, events: changes.auditEvents)
    }

    /// A card's row, inserted or updated. An indexed column is never in an upsert's `SET` list: SQLite rewrites an
    /// index entry for every column named there, changed or not, and that page then goes to the log and the file
    /// again. So the mobile (`cards_by_mobile`) is set by a statement of its own, only when it changed.
    private static func save(_ db: Database, _ card: Card) throws {
        try run(
            db.cachedStatement(
                sql: """
                    INSERT INTO cards (id, fingerprint, masked_pan, bank_name, bank_persian_name, mobile, blocked,
                        sms_codes, ussd_codes, static_second_pin_disabled, registered_at, updated_at,
                        first_pin_failures, first_pin_locked_at, second_pin_failures, second_pin_locked_at,
                        sms_activated_at, suspended_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET blocked = excluded.blocked, sms_codes = excluded.sms_codes,
                        ussd_codes = excluded.ussd_codes,
                        static_second_pin_disabled = excluded.static_second_pin_disabled,
                        updated_at = excluded.updated_at, first_pin_failures = excluded.first_pin_failures,
                        first_pin_locked_at = excluded.first_pin_locked_at,
                        second_pin_failures = excluded.second_pin_failures,
                        second_pin_locked_at = excluded.second_pin_locked_at,
                        sms_activated_at = excluded.sms_activated_at, suspended_at = excluded.suspended_at
                    """
            ),
            [
                card.id, card.fingerprint.hex, card.maskedPAN, card.bankName, card.bankPersianName, card.mobile.e164,
                card.options.blocked, card.options.smsCodes, card.options.ussdCodes, card.staticSecondPINDisabled,
                card.registeredAt, card.updatedAt, card.locks.first.failures, card.locks.first.lockedAt,
                card.locks.second.failures, card.locks.second.lockedAt, card.smsActivatedAt, card.suspendedAt,
            ]
        )
        try run(
            db.cachedStatement(sql: "UPDATE cards SET mobile = ?1 WHERE id = ?2 AND mobile IS NOT ?1"),
            [card.mobile.e164, card.id]
        )
    }

    private static func save(_ db: Database, _ code: IssuedCode) throws {
        try run(
            db.cachedStatement(
                sql: """
                    INSERT INTO issued_codes (id, card_id, kind, channel, code_digest, transaction_id, amount,
                        merchant_id, transaction_type, issued_at, expires_at, used_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET expires_at = excluded.expires_at, used_at = excluded.used_at
                    """
            ),
            [
                code.id, code.cardID, code.kind.rawValue, code.channel.rawValue, code.codeDigest,
                code.binding?.transactionID, code.binding?.amount, code.binding?.merchantID,
                code.binding?.transactionType.rawValue ?? TransactionType.purchase.rawValue, code.issuedAt,
                code.expiresAt, code.usedAt,
            ]
        )
    }

    static func insert(_ db: Database, _ message: OutboxMessage) throws {
        try run(
            db.cachedStatement(
                sql: """
                    INSERT INTO sms_outbox (id, card_id, recipient, purpose, text_key_id, sealed_text, created_at,
                        expires_at, status, attempts, next_attempt_at, last_error, sent_at, delivery_status,
                        delivery_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ),
            [
                message.id, message.cardID, message.to.e164, message.purpose.rawValue, message.sealedText.keyID,
                message.sealedText.combined, message.createdAt, message.expiresAt, message.status.rawValue,
                message.attempts, message.nextAttemptAt, message.lastError, message.sentAt,
                message.delivery?.rawValue, message.deliveryAt,
            ]
        )
    }

    /// A token's row, inserted or updated. `revoked_at` is not in the upsert's `SET` list, as it is in the partial
    /// index of active tokens (see the card's): a verification's new step would rewrite that index's page too.
    /// Tokens are loaded only while active and are never made active again, so it is set only when the token is
    /// revoked.
    private static func save(_ db: Database, _ token: Token) throws {
        try run(
            db.cachedStatement(
                sql: """
                    INSERT INTO tokens (id, card_id, kind, seed_key_id, sealed_seed, algorithm, digits, period,
                        created_at, last_accepted_step, used_capped_minutes, revoked_at, step_offset, pending_drift)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET last_accepted_step = excluded.last_accepted_step,
                        used_capped_minutes = excluded.used_capped_minutes, step_offset = excluded.step_offset,
                        pending_drift = excluded.pending_drift
                    """
            ),
            [
                token.id, token.cardID, token.kind.rawValue, token.sealedSeed.keyID, token.sealedSeed.combined,
                token.algorithm.rawValue, token.digits, token.period, token.createdAt,
                token.lastAcceptedStep.map { Int64(bitPattern: $0) },
                StoredText.encode(token.usedCappedMinutes), token.revokedAt, token.stepOffset, token.pendingDrift,
            ]
        )
        if let revokedAt = token.revokedAt {
            try run(
                db.cachedStatement(sql: "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"),
                [revokedAt, token.id]
            )
        }
    }

    /// A ticket's row, inserted or updated; `closed_at`, in the partial index of open tickets, only when it is
    /// closed (tickets are loaded only while open, as tokens only while active).
    private static func save(_ db: Database, _ ticket: ActivationTicket) throws {
        try run(
            db.cachedStatement(
                sql: """
                    INSERT INTO activation_tickets (serial, lookup_id, card_id, kind, channel, key_id, sealed_key,
                        created_at, expires_at, attempts_left, closed_at, sms_part_digest)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(serial) DO UPDATE SET attempts_left = excluded.attempts_left
                    """
            ),
            [
                ticket.serial, ticket.lookupID, ticket.cardID, ticket.kind.rawValue, ticket.channel.rawValue,
                ticket.sealedActivationKey.keyID, ticket.sealedActivationKey.combined, ticket.createdAt,
                ticket.expiresAt, ticket.attemptsLeft, ticket.closedAt, ticket.smsPartDigest,
            ]
        )
        if let closedAt = ticket.closedAt {
            try run(
                db.cachedStatement(
                    sql: "UPDATE activation_tickets SET closed_at = ? WHERE serial = ? AND closed_at IS NULL"
                ),
                [closedAt, ticket.serial]
            )
        }
    }

    // MARK: - Audit

    /// The last entry's sequence and hash, `nil` before the first.
    static func auditHead(_ db: Database) throws -> (sequence: Int64, hash: String)? {
        try rows(db.cachedStatement(sql: "SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1")) {
            (sequence: try $0.int64(), hash: StoredDigest.hex(try $0.data()))
        }.first
    }

    static func append(_ db: Database, events: [AuditEvent]) throws {
        guard !events.isEmpty else { return }
        var last = try auditHead(db)
        for event in events {
            let entry = AuditEntry.chained(event, after: last)
            let reason = StoredAuditReason.columns(event.reason)
            try run(
                db.cachedStatement(
                    sql: """
                        INSERT INTO audit (sequence, action, card_fingerprint, token_id, kind, channel, reason, receipt,
                            time, hash, actor)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """
                ),
                [
                    entry.sequence, event.action.rawValue,
                    try event.cardFingerprint.map { try StoredDigest.bytes($0.hex) },
                    event.tokenID, event.kind?.rawValue, event.channel?.rawValue, reason.text, reason.receipt,
                    event.time,
                    try StoredDigest.bytes(entry.hash), event.actor?.rawValue,
                ]
            )
            last = (entry.sequence, entry.hash)
        }
    }

    static func auditEntries(_ db: Database, after sequence: Int64, limit: Int, card: CardFingerprint?) throws
        -> [AuditEntry]
    {
        // The index by card holds the fingerprint's first 8 bytes (v14): the query names them, then the whole.
        if let card {
            return try rows(
                db.cachedStatement(
                    sql: """
                        SELECT \(StoredRows.auditColumns) FROM audit
                        WHERE substr(card_fingerprint, 1, 8) = substr(?1, 1, 8) AND card_fingerprint = ?1
                            AND sequence > ?2
                        ORDER BY sequence LIMIT ?3
                        """
                ),
                [try StoredDigest.bytes(card.hex), sequence, limit],
                StoredRows.auditEntry
            )
        }
        return try rows(
            db.cachedStatement(
                sql: "SELECT \(StoredRows.auditColumns) FROM audit WHERE sequence > ? ORDER BY sequence LIMIT ?"
            ),
            [sequence, limit],
            StoredRows.auditEntry
        )
    }
}
