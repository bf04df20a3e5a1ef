import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaProtocol
import PostgresNIO

/// Reading and writing a card's state and the audit log through one session, inside the transaction it is in.
enum PostgresRows {
    // MARK: - Loading

    static func loadState(_ session: PostgresSession, fingerprint: CardFingerprint, transactionID: String?)
        async throws -> CardState?
    {
        guard
            let row = try await session.rows(HotStatements.CardByFingerprint.self, { $0.append(fingerprint.hex) }).first
        else { return nil }
        let card = try read(row, StoredRows.card)
        let tokens = try await session.rows(HotStatements.ActiveTokens.self) { $0.append(card.id) }
            .map { try read($0, StoredRows.token) }
        let tickets = try await session.rows(HotStatements.OpenTickets.self) { $0.append(card.id) }
            .map { try read($0, StoredRows.ticket) }
        let issuedCodes = try await session.rows(HotStatements.RecentCodes.self) { $0.append(card.id) }
            .map { try read($0, StoredRows.issuedCode) }
        var recorded: RecordedDecision?
        if let transactionID {
            recorded = try await session.rows(HotStatements.DecisionByTransaction.self) { $0.append(transactionID) }
                .first.map { try read($0, StoredRows.decision) }
        }
        return CardState(
            card: card,
            tokens: tokens,
            tickets: tickets,
            issuedCodes: issuedCodes,
            recordedDecision: recorded
        )
    }

    /// `row` read by `reading`, one of ``StoredRows``' readers (or a store's own).
    static func read<Value>(_ row: PostgresRow, _ reading: (inout PostgresColumns) throws -> Value) throws -> Value {
        var columns = PostgresColumns(row)
        return try reading(&columns)
    }

    // MARK: - Saving

    static func save(_ session: PostgresSession, _ changes: CardChanges) async throws {
        if let card = changes.card { try await save(session, card) }
        for token in changes.tokens { try await save(session, token) }
        for ticket in changes.tickets { try await save(session, ticket) }
        for code in changes.issuedCodes { try await save(session, code) }
        for message in changes.messages { try await insert(session, message) }
        if let decision = changes.decision, let cardID = changes.cardID {
            try await session.run(
                """
                INSERT INTO decisions (transaction_id, card_id, request_digest, decision, decided_at, receipt_redeemed_at)
                VALUES (\(decision.transactionID), \(StoredCardID.bytes(cardID)),
                    \(try StoredDigest.bytes(decision.requestDigest)),
                    \(StoredText.encode(decision.decision, method: decision.method)), \(decision.decidedAt),
                    \(decision.receiptRedeemedAt))
                ON CONFLICT (transaction_id) DO UPDATE SET request_digest = excluded.request_digest,
                    decision = excluded.decision, decided_at = excluded.decided_at,
                    receipt_redeemed_at = excluded.receipt_redeemed_at
                WHERE decisions.card_id = excluded.card_id
                """
            )
        }
        try await append(session, events: changes.auditEvents)
    }

    private static func save(_ session: PostgresSession, _ card: Card) async throws {
        try await session.run(
            """
            INSERT INTO cards (id, fingerprint, masked_pan, bank_name, bank_persian_name, mobile, blocked, sms_codes,
                ussd_codes, static_second_pin_disabled, registered_at, updated_at, first_pin_failures,
                first_pin_locked_at, second_pin_failures, second_pin_locked_at, sms_activated_at, suspended_at)
            VALUES (\(card.id), \(card.fingerprint.hex), \(card.maskedPAN), \(card.bankName), \(card.bankPersianName),
                \(card.mobile.e164), \(card.options.blocked), \(card.options.smsCodes), \(card.options.ussdCodes),
                \(card.staticSecondPINDisabled), \(card.registeredAt), \(card.updatedAt), \(card.locks.first.failures),
                \(card.locks.first.lockedAt), \(card.locks.second.failures), \(card.locks.second.lockedAt),
                \(card.smsActivatedAt), \(card.suspendedAt))
            ON CONFLICT (id) DO UPDATE SET mobile = excluded.mobile, blocked = excluded.blocked,
                sms_codes = excluded.sms_codes, ussd_codes = excluded.ussd_codes,
                static_second_pin_disabled = excluded.static_second_pin_disabled, updated_at = excluded.updated_at,
                first_pin_failures = excluded.first_pin_failures, first_pin_locked_at = excluded.first_pin_locked_at,
                second_pin_failures = excluded.second_pin_failures,
                second_pin_locked_at = excluded.second_pin_locked_at, sms_activated_at = excluded.sms_activated_at,
                suspended_at = excluded.suspended_at
            """
        )
    }

    private static func save(_ session: PostgresSession, _ code: IssuedCode) async throws {
        let transactionType = code.binding?.transactionType ?? .purchase
        try await session.run(
            """
            INSERT INTO issued_codes (id, card_id, kind, channel, code_digest, transaction_id, amount, merchant_id,
                transaction_type, issued_at, expires_at, used_at)
            VALUES (\(code.id), \(code.cardID), \(code.kind.rawValue), \(code.channel.rawValue), \(code.codeDigest),
                \(code.binding?.transactionID), \(code.binding?.amount), \(code.binding?.merchantID),
                \(transactionType.rawValue), \(code.issuedAt), \(code.expiresAt), \(code.usedAt))
            ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at, used_at = excluded.used_at
            """
        )
    }

    static func insert(_ session: PostgresSession, _ message: OutboxMessage) async throws {
        try await session.run(
            """
            INSERT INTO sms_outbox (id, card_id, recipient, purpose, text_key_id, sealed_text, created_at, expires_at,
                status, attempts, next_attempt_at, last_error, sent_at, delivery_status, delivery_at)
            VALUES (\(message.id), \(message.cardID), \(message.to.e164), \(message.purpose.rawValue),
                \(Int64(message.sealedText.keyID)), \(message.sealedText.combined), \(message.createdAt),
                \(message.expiresAt), \(message.status.rawValue), \(message.attempts), \(message.nextAttemptAt),
                \(message.lastError), \(message.sentAt), \(message.delivery?.rawValue), \(message.deliveryAt))
            """
        )
    }

    private static func save(_ session: PostgresSession, _ token: Token) async throws {
        try await session.run(
            """
            INSERT INTO tokens (id, card_id, kind, seed_key_id, sealed_seed, algorithm, digits, period, created_at,
                last_accepted_step, used_capped_minutes, revoked_at, step_offset, pending_drift)
            VALUES (\(token.id), \(token.cardID), \(token.kind.rawValue), \(Int64(token.sealedSeed.keyID)),
                \(token.sealedSeed.combined), \(token.algorithm.rawValue), \(token.digits), \(token.period),
                \(token.createdAt), \(token.lastAcceptedStep.map { Int64(bitPattern: $0) }),
                \(StoredText.encode(token.usedCappedMinutes)), \(token.revokedAt), \(token.stepOffset),
                \(token.pendingDrift))
            ON CONFLICT (id) DO UPDATE SET last_accepted_step = excluded.last_accepted_step,
                used_capped_minutes = excluded.used_capped_minutes, revoked_at = excluded.revoked_at,
                step_offset = excluded.step_offset, pending_drift = excluded.pending_drift
            """
        )
    }

    private static func save(_ session: PostgresSession, _ ticket: ActivationTicket) async throws {
        try await session.run(
            """
            INSERT INTO activation_tickets (serial, lookup_id, card_id, kind, channel, key_id, sealed_key, created_at,
                expires_at, attempts_left, closed_at, sms_part_digest)
            VALUES (\(ticket.serial), \(ticket.lookupID), \(ticket.cardID), \(ticket.kind.rawValue),
                \(ticket.channel.rawValue), \(Int64(ticket.sealedActivationKey.keyID)),
                \(ticket.sealedActivationKey.combined), \(ticket.createdAt), \(ticket.expiresAt),
                \(ticket.attemptsLeft), \(ticket.closedAt), \(ticket.smsPartDigest))
            ON CONFLICT (serial) DO UPDATE SET attempts_left = excluded.attempts_left, closed_at = excluded.closed_at
            """
        )
    }

    // MARK: - Audit

    /// Appends `events` to their chains (``AuditChains``: a card's events to its card's chain), each after its chain's
    /// head and under the chain's lock, held until the transaction ends: the last thing a transaction does, so a lock
    /// is held for as short a time as the commit takes. Chains are locked in ascending order, so two transactions
    /// never wait on each other.
    static func append(_ session: PostgresSession, events: [AuditEvent]) async throws {
        let byChain = Dictionary(grouping: events) {
            AuditChains.chain(for: $0.cardFingerprint, of: PostgresStore.auditChains)
        }
        for chain in byChain.keys.sorted() {
            try await session.lock(.auditHead, key: Int32(chain))
            var last: (sequence: Int64, hash: String)?
            if let head = try await session.rows(HotStatements.ChainHead.self, { $0.append(Int32(chain)) }).first {
                let (sequence, hash) = try head.decode((Int64, Data).self)
                last = (sequence, StoredDigest.hex(hash))
            }
            for event in byChain[chain] ?? [] {
                let entry = AuditEntry.chained(event, after: last, chain: chain)
                let fingerprint = try event.cardFingerprint.map { try StoredDigest.bytes($0.hex) }
                let reason = StoredAuditReason.columns(event.reason)
                _ = try await session.rows(HotStatements.InsertAuditEntry.self) { bindings in
                    bindings.append(Int32(chain))
                    bindings.append(entry.sequence)
                    bindings.append(event.action.rawValue)
                    try bindings.append(fingerprint)
                    bindings.append(event.tokenID)
                    bindings.append(event.kind?.rawValue)
                    bindings.append(event.channel?.rawValue)
                    bindings.append(reason.text)
                    try bindings.append(reason.receipt)
                    bindings.append(event.time)
                    try bindings.append(StoredDigest.bytes(entry.hash))
                    bindings.append(event.actor?.rawValue)
                }
                last = (entry.sequence, entry.hash)
            }
        }
    }

    static func auditEntries(
        _ session: PostgresSession,
        chain: Int,
        after sequence: Int64,
        limit: Int,
        card: CardFingerprint?
    ) async throws -> [AuditEntry] {
        let columns = StoredRows.auditColumns
        let rows =
            if let fingerprint = try card.map({ try StoredDigest.bytes($0.hex) }) {
                try await session.rows(
                    """
                    SELECT \(unescaped: columns) FROM audit
                    WHERE substring(card_fingerprint FROM 1 FOR 8) = \(fingerprint.prefix(8))
                        AND card_fingerprint = \(fingerprint) AND chain = \(chain) AND sequence > \(sequence)
                    ORDER BY sequence LIMIT \(limit)
                    """
                )
            } else {
                try await session.rows(
                    """
                    SELECT \(unescaped: columns) FROM audit WHERE chain = \(chain) AND sequence > \(sequence)
                    ORDER BY sequence LIMIT \(limit)
                    """
                )
            }
        return try rows.map { try read($0, StoredRows.auditEntry) }
    }
}
