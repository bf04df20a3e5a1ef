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
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(cardColumns) FROM cards WHERE fingerprint = ?"),
                arguments: [fingerprint.hex]
            )
        else { return nil }
        let card = try card(row)
        let tokens = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT \(tokenColumns) FROM tokens WHERE card_id = ? AND revoked_at IS NULL"),
            arguments: [card.id]
        ).map(token)
        let tickets = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM activation_tickets WHERE card_id = ? AND closed_at IS NULL"),
            arguments: [card.id]
        ).map(ticket)
        let issuedCodes = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT * FROM issued_codes WHERE card_id = ? ORDER BY issued_at DESC, id LIMIT 32"
            ),
            arguments: [card.id]
        ).map(issuedCode)
        var recorded: RecordedDecision?
        if let transactionID {
            recorded = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM decisions WHERE transaction_id = ?"),
                arguments: [transactionID]
            ).map(decision)
        }
        return CardState(
            card: card,
            tokens: tokens,
            tickets: tickets,
            issuedCodes: issuedCodes,
            recordedDecision: recorded
        )
    }

    /// The columns ``card(_:)`` reads, in its order.
    private static let cardColumns = """
        id, fingerprint, masked_pan, bank_name, bank_persian_name, mobile, blocked, sms_codes, ussd_codes,
        static_second_pin_disabled, registered_at, updated_at, first_pin_failures, first_pin_locked_at,
        second_pin_failures, second_pin_locked_at, sms_activated_at, suspended_at
        """

    private static func card(_ row: Row) throws -> Card {
        var column = OrderedColumns(row)
        return Card(
            id: column.next(),
            fingerprint: CardFingerprint(hex: column.next()),
            maskedPAN: column.next(),
            bankName: column.next(),
            bankPersianName: column.next(),
            mobile: try MobileNumber(parsing: column.next() as String),
            options: CardOptions(blocked: column.next(), smsCodes: column.next(), ussdCodes: column.next()),
            staticSecondPINDisabled: column.next(),
            registeredAt: column.next(),
            updatedAt: column.next(),
            locks: PINLocks(
                first: PINLock(failures: column.next(), lockedAt: column.nextOrNil()),
                second: PINLock(failures: column.next(), lockedAt: column.nextOrNil())
            ),
            smsActivatedAt: column.nextOrNil(),
            suspendedAt: column.nextOrNil()
        )
    }

    private static func issuedCode(_ row: Row) throws -> IssuedCode {
        let binding: IssuedCode.Binding? =
            if let transactionID = row["transaction_id"] as String? {
                IssuedCode.Binding(
                    transactionID: transactionID,
                    amount: row["amount"],
                    merchantID: row["merchant_id"],
                    transactionType: try value(row["transaction_type"] as String)
                )
            } else { nil }
        return IssuedCode(
            id: row["id"],
            cardID: row["card_id"],
            kind: try value(row["kind"] as String),
            channel: try value(row["channel"] as String),
            codeDigest: row["code_digest"],
            binding: binding,
            issuedAt: row["issued_at"],
            expiresAt: row["expires_at"],
            usedAt: row["used_at"]
        )
    }

    static func outboxMessage(_ row: Row) throws -> OutboxMessage {
        OutboxMessage(
            id: row["id"],
            cardID: row["card_id"],
            to: try MobileNumber(parsing: row["recipient"] as String),
            purpose: try value(row["purpose"] as String),
            sealedText: SealedSecret(keyID: row["text_key_id"], combined: row["sealed_text"]),
            createdAt: row["created_at"],
            expiresAt: row["expires_at"],
            status: try value(row["status"] as String),
            attempts: row["attempts"],
            nextAttemptAt: row["next_attempt_at"],
            lastError: row["last_error"],
            sentAt: row["sent_at"],
            delivery: try (row["delivery_status"] as String?).map { try value($0) },
            deliveryAt: row["delivery_at"]
        )
    }

    /// The columns ``token(_:)`` reads, in its order.
    private static let tokenColumns = """
        id, card_id, kind, seed_key_id, sealed_seed, algorithm, digits, period, created_at, last_accepted_step,
        used_capped_minutes, revoked_at, step_offset, pending_drift
        """

    private static func token(_ row: Row) throws -> Token {
        var column = OrderedColumns(row)
        return Token(
            id: column.next(),
            cardID: column.next(),
            kind: try value(column.next()),
            sealedSeed: SealedSecret(keyID: column.next(), combined: column.next()),
            algorithm: try value(column.next()),
            digits: column.next(),
            period: column.next(),
            createdAt: column.next(),
            lastAcceptedStep: (column.nextOrNil() as Int64?).map { UInt64(bitPattern: $0) },
            usedCappedMinutes: try usedCappedMinutes(column.next()),
            revokedAt: column.nextOrNil(),
            stepOffset: column.next(),
            pendingDrift: column.nextOrNil()
        )
    }

    private static func usedCappedMinutes(_ text: String) throws -> [UInt64: Int64] {
        guard let used = SQLiteText.minutes(text) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "malformed used_capped_minutes")
        }
        return used
    }

    private static func ticket(_ row: Row) throws -> ActivationTicket {
        ActivationTicket(
            serial: row["serial"],
            lookupID: row["lookup_id"],
            cardID: row["card_id"],
            kind: try value(row["kind"] as String),
            channel: try value(row["channel"] as String),
            sealedActivationKey: SealedSecret(keyID: row["key_id"], combined: row["sealed_key"]),
            createdAt: row["created_at"],
            expiresAt: row["expires_at"],
            attemptsLeft: row["attempts_left"],
            closedAt: row["closed_at"],
            smsPartDigest: row["sms_part_digest"]
        )
    }

    private static func decision(_ row: Row) throws -> RecordedDecision {
        guard let (decision, method) = SQLiteText.decision(row["decision"]) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "malformed decision")
        }
        return RecordedDecision(
            transactionID: row["transaction_id"],
            requestDigest: row["request_digest"],
            decision: decision,
            method: method,
            decidedAt: row["decided_at"],
            receiptRedeemedAt: row["receipt_redeemed_at"]
        )
    }

    /// A raw-value enum read back, or an error naming the bad value (a damaged database, never user input).
    private static func value<Value: RawRepresentable>(_ raw: String) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "unknown \(Value.self) '\(raw)'")
        }
        return value
    }

    // MARK: - Saving

    static func save(_ db: Database, _ changes: CardChanges) throws {
        if let card = changes.card { try save(db, card) }
        for token in changes.tokens { try save(db, token) }
        for ticket in changes.tickets { try save(db, ticket) }
        for code in changes.issuedCodes { try save(db, code) }
        for message in changes.messages { try insert(db, message) }
        if let decision = changes.decision, let cardID = changes.cardID {
            try db.cachedStatement(
                sql: """
                    INSERT INTO decisions (transaction_id, card_id, request_digest, decision, decided_at,
                        receipt_redeemed_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (transaction_id) DO UPDATE SET receipt_redeemed_at = excluded.receipt_redeemed_at
                    """
            ).execute(arguments: [
                decision.transactionID, cardID, decision.requestDigest,
                SQLiteText.encode(decision.decision, method: decision.method), decision.decidedAt,
                decision.receiptRedeemedAt,
            ])
        }
        try append(db, events: changes.auditEvents)
    }

    private static func save(_ db: Database, _ card: Card) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO cards (id, fingerprint, masked_pan, bank_name, bank_persian_name, mobile, blocked, sms_codes,
                    ussd_codes, static_second_pin_disabled, registered_at, updated_at, first_pin_failures,
                    first_pin_locked_at, second_pin_failures, second_pin_locked_at, sms_activated_at, suspended_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET mobile = excluded.mobile, blocked = excluded.blocked,
                    sms_codes = excluded.sms_codes, ussd_codes = excluded.ussd_codes,
                    static_second_pin_disabled = excluded.static_second_pin_disabled, updated_at = excluded.updated_at,
                    first_pin_failures = excluded.first_pin_failures, first_pin_locked_at = excluded.first_pin_locked_at,
                    second_pin_failures = excluded.second_pin_failures,
                    second_pin_locked_at = excluded.second_pin_locked_at, sms_activated_at = excluded.sms_activated_at,
                    suspended_at = excluded.suspended_at
                """
        ).execute(arguments: [
            card.id, card.fingerprint.hex, card.maskedPAN, card.bankName, card.bankPersianName, card.mobile.e164,
            card.options.blocked, card.options.smsCodes, card.options.ussdCodes, card.staticSecondPINDisabled,
            card.registeredAt, card.updatedAt, card.locks.first.failures, card.locks.first.lockedAt,
            card.locks.second.failures, card.locks.second.lockedAt, card.smsActivatedAt, card.suspendedAt,
        ])
    }

    private static func save(_ db: Database, _ code: IssuedCode) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO issued_codes (id, card_id, kind, channel, code_digest, transaction_id, amount, merchant_id,
                    transaction_type, issued_at, expires_at, used_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET expires_at = excluded.expires_at, used_at = excluded.used_at
                """
        ).execute(arguments: [
            code.id, code.cardID, code.kind.rawValue, code.channel.rawValue, code.codeDigest,
            code.binding?.transactionID, code.binding?.amount, code.binding?.merchantID,
            code.binding?.transactionType.rawValue ?? TransactionType.purchase.rawValue, code.issuedAt,
            code.expiresAt, code.usedAt,
        ])
    }

    static func insert(_ db: Database, _ message: OutboxMessage) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO sms_outbox (id, card_id, recipient, purpose, text_key_id, sealed_text, created_at, expires_at,
                    status, attempts, next_attempt_at, last_error, sent_at, delivery_status, delivery_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            message.id, message.cardID, message.to.e164, message.purpose.rawValue, message.sealedText.keyID,
            message.sealedText.combined, message.createdAt, message.expiresAt, message.status.rawValue,
            message.attempts, message.nextAttemptAt, message.lastError, message.sentAt,
            message.delivery?.rawValue, message.deliveryAt,
        ])
    }

    private static func save(_ db: Database, _ token: Token) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO tokens (id, card_id, kind, seed_key_id, sealed_seed, algorithm, digits, period, created_at,
                    last_accepted_step, used_capped_minutes, revoked_at, step_offset, pending_drift)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET last_accepted_step = excluded.last_accepted_step,
                    used_capped_minutes = excluded.used_capped_minutes, revoked_at = excluded.revoked_at,
                    step_offset = excluded.step_offset, pending_drift = excluded.pending_drift
                """
        ).execute(arguments: [
            token.id, token.cardID, token.kind.rawValue, token.sealedSeed.keyID, token.sealedSeed.combined,
            token.algorithm.rawValue, token.digits, token.period, token.createdAt,
            token.lastAcceptedStep.map { Int64(bitPattern: $0) },
            SQLiteText.encode(token.usedCappedMinutes), token.revokedAt, token.stepOffset, token.pendingDrift,
        ])
    }

    private static func save(_ db: Database, _ ticket: ActivationTicket) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO activation_tickets (serial, lookup_id, card_id, kind, channel, key_id, sealed_key, created_at,
                    expires_at, attempts_left, closed_at, sms_part_digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(serial) DO UPDATE SET attempts_left = excluded.attempts_left, closed_at = excluded.closed_at
                """
        ).execute(arguments: [
            ticket.serial, ticket.lookupID, ticket.cardID, ticket.kind.rawValue, ticket.channel.rawValue,
            ticket.sealedActivationKey.keyID, ticket.sealedActivationKey.combined, ticket.createdAt,
            ticket.expiresAt, ticket.attemptsLeft, ticket.closedAt, ticket.smsPartDigest,
        ])
    }

    // MARK: - Audit

    static func append(_ db: Database, events: [AuditEvent]) throws {
        guard !events.isEmpty else { return }
        let head = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1")
        )
        var last = head.map { (sequence: $0["sequence"] as Int64, hash: $0["hash"] as String) }
        for event in events {
            let entry = AuditEntry.chained(event, after: last)
            try db.cachedStatement(
                sql: """
                    INSERT INTO audit (sequence, action, card_fingerprint, token_id, kind, channel, reason, time,
                        previous_hash, hash, actor)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                entry.sequence, event.action.rawValue, event.cardFingerprint?.hex, event.tokenID,
                event.kind?.rawValue, event.channel?.rawValue, event.reason?.rawValue, event.time, entry.previousHash,
                entry.hash, event.actor?.rawValue,
            ])
            last = (entry.sequence, entry.hash)
        }
    }

    static func auditEntries(_ db: Database, after sequence: Int64, limit: Int, card: CardFingerprint?) throws
        -> [AuditEntry]
    {
        let rows =
            if let card {
                try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT * FROM audit WHERE card_fingerprint = ? AND sequence > ? ORDER BY sequence LIMIT ?
                            """
                    ),
                    arguments: [card.hex, sequence, limit]
                )
            } else {
                try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT * FROM audit WHERE sequence > ? ORDER BY sequence LIMIT ?"),
                    arguments: [sequence, limit]
                )
            }
        return try rows.map(entry)
    }

    private static func entry(_ row: Row) throws -> AuditEntry {
        AuditEntry(
            sequence: row["sequence"],
            event: AuditEvent(
                try value(row["action"] as String),
                card: (row["card_fingerprint"] as String?).map(CardFingerprint.init(hex:)),
                token: row["token_id"],
                kind: try (row["kind"] as String?).map { try value($0) as PINKind },
                channel: try (row["channel"] as String?).map { try value($0) as AuditChannel },
                reason: (row["reason"] as String?).map(AuditReason.init(rawValue:)),
                time: row["time"],
                actor: try (row["actor"] as String?).map { try value($0) as AuditActor }
            ),
            previousHash: row["previous_hash"],
            hash: row["hash"]
        )
    }
}
