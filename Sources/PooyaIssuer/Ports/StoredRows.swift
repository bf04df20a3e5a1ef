public import Foundation
import PooyaProtocol

/// A stored row's values read one after another, in the order a `SELECT` named the columns of ``StoredRows``: what a
/// store adapter gives ``StoredRows`` so that every store reads a card, its tokens, tickets, codes, outbox messages,
/// decisions and audit entries back the same way.
public protocol StoredColumns {
    /// The next column's text.
    mutating func string() throws -> String
    /// The next column's text, `nil` for `NULL`.
    mutating func optionalString() throws -> String?
    /// The next column's integer.
    mutating func int64() throws -> Int64
    /// The next column's integer, `nil` for `NULL`.
    mutating func optionalInt64() throws -> Int64?
    /// The next column's truth value.
    mutating func bool() throws -> Bool
    /// The next column's bytes.
    mutating func data() throws -> Data
    /// The next column's bytes, `nil` for `NULL`.
    mutating func optionalData() throws -> Data?
}

/// A stored value that cannot be read back: a damaged or hand-edited database, never a caller's input. It names the
/// column's kind and the bad value's kind, never a secret.
public struct StoredValueCorruption: Error, Sendable, CustomStringConvertible {
    /// What could not be read.
    public let description: String

    /// Names what could not be read.
    public init(_ description: String) {
        self.description = description
    }
}

extension StoredColumns {
    /// The next column's integer as an `Int`.
    public mutating func int() throws -> Int {
        let value = try int64()
        guard let int = Int(exactly: value) else { throw StoredValueCorruption("integer \(value) out of range") }
        return int
    }

    /// The next column's text as one of `Value`'s cases.
    public mutating func value<Value: RawRepresentable>(_ type: Value.Type = Value.self) throws -> Value
    where Value.RawValue == String {
        let raw = try string()
        guard let value = Value(rawValue: raw) else { throw StoredValueCorruption("unknown \(Value.self) '\(raw)'") }
        return value
    }

    /// The next column's text as one of `Value`'s cases, `nil` for `NULL`.
    public mutating func optionalValue<Value: RawRepresentable>(_ type: Value.Type = Value.self) throws -> Value?
    where Value.RawValue == String {
        guard let raw = try optionalString() else { return nil }
        guard let value = Value(rawValue: raw) else { throw StoredValueCorruption("unknown \(Value.self) '\(raw)'") }
        return value
    }

    /// A master key's id and the secret it sealed: the next two columns.
    public mutating func sealed() throws -> SealedSecret {
        let keyID = try int64()
        guard let keyID = UInt32(exactly: keyID) else { throw StoredValueCorruption("master key id \(keyID)") }
        return SealedSecret(keyID: keyID, combined: try data())
    }
}

/// The columns each stored record is read from, in order, and how its values become the domain's: shared by every
/// store, so a column added to one is added to all.
public enum StoredRows {
    /// The columns ``card(_:)`` reads, in its order.
    public static let cardColumns = """
        id, fingerprint, masked_pan, bank_name, bank_persian_name, mobile, blocked, sms_codes, ussd_codes,
        static_second_pin_disabled, registered_at, updated_at, first_pin_failures, first_pin_locked_at,
        second_pin_failures, second_pin_locked_at, sms_activated_at, suspended_at
        """

    /// A card, from ``cardColumns``.
    public static func card(_ column: inout some StoredColumns) throws -> Card {
        Card(
            id: try column.string(),
            fingerprint: CardFingerprint(hex: try column.string()),
            maskedPAN: try column.string(),
            bankName: try column.string(),
            bankPersianName: try column.string(),
            mobile: try MobileNumber(parsing: try column.string()),
            options: CardOptions(blocked: try column.bool(), smsCodes: try column.bool(), ussdCodes: try column.bool()),
            staticSecondPINDisabled: try column.bool(),
            registeredAt: try column.int64(),
            updatedAt: try column.int64(),
            locks: PINLocks(
                first: PINLock(failures: try column.int(), lockedAt: try column.optionalInt64()),
                second: PINLock(failures: try column.int(), lockedAt: try column.optionalInt64())
            ),
            smsActivatedAt: try column.optionalInt64(),
            suspendedAt: try column.optionalInt64()
        )
    }

    /// The columns ``token(_:)`` reads, in its order.
    public static let tokenColumns = """
        id, card_id, kind, seed_key_id, sealed_seed, algorithm, digits, period, created_at, last_accepted_step,
        used_capped_minutes, revoked_at, step_offset, pending_drift
        """

    /// A token, from ``tokenColumns``.
    public static func token(_ column: inout some StoredColumns) throws -> Token {
        Token(
            id: try column.string(),
            cardID: try column.string(),
            kind: try column.value(),
            sealedSeed: try column.sealed(),
            algorithm: try column.value(),
            digits: try column.int(),
            period: try column.int64(),
            createdAt: try column.int64(),
            lastAcceptedStep: try column.optionalInt64().map { UInt64(bitPattern: $0) },
            usedCappedMinutes: try usedCappedMinutes(column.string()),
            revokedAt: try column.optionalInt64(),
            stepOffset: try column.int64(),
            pendingDrift: try column.optionalInt64()
        )
    }

    private static func usedCappedMinutes(_ text: String) throws -> [UInt64: Int64] {
        guard let used = StoredText.minutes(text) else { throw StoredValueCorruption("malformed used_capped_minutes") }
        return used
    }

    /// The columns ``ticket(_:)`` reads, in its order.
    public static let ticketColumns = """
        serial, lookup_id, card_id, kind, channel, key_id, sealed_key, created_at, expires_at, attempts_left, closed_at,
        sms_part_digest
        """

    /// An activation ticket, from ``ticketColumns``.
    public static func ticket(_ column: inout some StoredColumns) throws -> ActivationTicket {
        ActivationTicket(
            serial: try column.string(),
            lookupID: try column.string(),
            cardID: try column.string(),
            kind: try column.value(),
            channel: try column.value(),
            sealedActivationKey: try column.sealed(),
            createdAt: try column.int64(),
            expiresAt: try column.int64(),
            attemptsLeft: try column.int(),
            closedAt: try column.optionalInt64(),
            smsPartDigest: try column.optionalString()
        )
    }

    /// The columns ``issuedCode(_:)`` reads, in its order.
    public static let issuedCodeColumns = """
        id, card_id, kind, channel, code_digest, transaction_id, amount, merchant_id, transaction_type, issued_at,
        expires_at, used_at
        """

    /// An issued code, from ``issuedCodeColumns``.
    public static func issuedCode(_ column: inout some StoredColumns) throws -> IssuedCode {
        let id = try column.string()
        let cardID = try column.string()
        let kind: PINKind = try column.value()
        let channel: IssuedCode.Channel = try column.value()
        let codeDigest = try column.string()
        let transactionID = try column.optionalString()
        let amount = try column.optionalInt64()
        let merchantID = try column.optionalString()
        let transactionType: TransactionType = try column.value()
        let binding = try transactionID.map { transactionID in
            guard let amount, let merchantID else { throw StoredValueCorruption("issued code without its payment") }
            return IssuedCode.Binding(
                transactionID: transactionID,
                amount: amount,
                merchantID: merchantID,
                transactionType: transactionType
            )
        }
        return IssuedCode(
            id: id,
            cardID: cardID,
            kind: kind,
            channel: channel,
            codeDigest: codeDigest,
            binding: binding,
            issuedAt: try column.int64(),
            expiresAt: try column.int64(),
            usedAt: try column.optionalInt64()
        )
    }

    /// The columns ``outboxMessage(_:)`` reads, in its order.
    public static let outboxColumns = """
        id, card_id, recipient, purpose, text_key_id, sealed_text, created_at, expires_at, status, attempts,
        next_attempt_at, last_error, sent_at, delivery_status, delivery_at
        """

    /// An outbox message, from ``outboxColumns``.
    public static func outboxMessage(_ column: inout some StoredColumns) throws -> OutboxMessage {
        OutboxMessage(
            id: try column.string(),
            cardID: try column.optionalString(),
            to: try MobileNumber(parsing: try column.string()),
            purpose: try column.value(),
            sealedText: try column.sealed(),
            createdAt: try column.int64(),
            expiresAt: try column.int64(),
            status: try column.value(),
            attempts: try column.int(),
            nextAttemptAt: try column.int64(),
            lastError: try column.optionalString(),
            sentAt: try column.optionalInt64(),
            delivery: try column.optionalValue(),
            deliveryAt: try column.optionalInt64()
        )
    }

    /// The columns ``decision(_:)`` reads, in its order.
    public static let decisionColumns = "transaction_id, request_digest, decision, decided_at, receipt_redeemed_at"

    /// A recorded decision, from ``decisionColumns``.
    public static func decision(_ column: inout some StoredColumns) throws -> RecordedDecision {
        let transactionID = try column.string()
        let requestDigest = try column.digest()
        guard let (decision, method) = StoredText.decision(try column.string()) else {
            throw StoredValueCorruption("malformed decision")
        }
        return RecordedDecision(
            transactionID: transactionID,
            requestDigest: requestDigest,
            decision: decision,
            method: method,
            decidedAt: try column.int64(),
            receiptRedeemedAt: try column.optionalInt64()
        )
    }

    /// The columns ``auditEntry(_:)`` reads, in its order, from a `SELECT … FROM audit`. An entry's previous hash is
    /// not stored (it is the hash of the entry before it in its chain, which the chain holds): it is read from that
    /// entry — `NULL` when there is none, which reads as ``AuditEntry/genesisHash`` — so a missing or rewritten entry
    /// still breaks the next one's hash. The hashes and the card's fingerprint are ``StoredDigest``s.
    public static let auditColumns = """
        chain, sequence, action, card_fingerprint, token_id, kind, channel, reason, receipt, time, actor,
        (SELECT previous.hash FROM audit AS previous
            WHERE previous.chain = audit.chain AND previous.sequence = audit.sequence - 1),
        hash
        """

    /// An audit entry, from ``auditColumns``.
    public static func auditEntry(_ column: inout some StoredColumns) throws -> AuditEntry {
        let chain = try column.int()
        let sequence = try column.int64()
        let event = AuditEvent(
            try column.value(),
            card: try column.optionalDigest().map(CardFingerprint.init(hex:)),
            token: try column.optionalString(),
            kind: try column.optionalValue(),
            channel: try column.optionalValue(),
            reason: StoredAuditReason.reason(text: try column.optionalString(), receipt: try column.optionalData()),
            time: try column.int64(),
            actor: try column.optionalValue()
        )
        return AuditEntry(
            chain: chain,
            sequence: sequence,
            event: event,
            previousHash: try column.optionalDigest() ?? AuditEntry.genesisHash,
            hash: try column.digest()
        )
    }
}
