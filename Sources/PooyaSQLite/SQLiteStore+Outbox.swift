import GRDB
public import PooyaIssuer

extension SQLiteStore {
    /// Puts messages in the outbox, due at once.
    public func enqueue(_ messages: [OutboxMessage]) async throws {
        try await writer.write { db in
            for message in messages { try SQLiteRows.insert(db, message) }
        }
    }

    /// Claims the oldest due messages, leased until `leaseUntil` so no other dispatcher takes them.
    public func claimDue(now: Int64, leaseUntil: Int64, limit: Int) async throws -> [OutboxMessage] {
        try await writer.write { db in
            let due = try SQLiteRows.rows(
                db.cachedStatement(
                    sql: """
                        SELECT \(StoredRows.outboxColumns) FROM sms_outbox WHERE status = 'queued' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, created_at LIMIT ?
                        """
                ),
                [now, limit],
                StoredRows.outboxMessage
            )
            for message in due {
                try db.cachedStatement(sql: "UPDATE sms_outbox SET next_attempt_at = ? WHERE id = ?")
                    .execute(arguments: [leaseUntil, message.id])
            }
            return due
        }
    }

    /// Saves a message's sending state (its delivery report is kept as recorded).
    public func update(_ message: OutboxMessage) async throws {
        try await writer.write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE sms_outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, sent_at = ?
                    WHERE id = ?
                    """
            ).execute(arguments: [
                message.status.rawValue, message.attempts, message.nextAttemptAt, message.lastError,
                message.sentAt, message.id,
            ])
        }
    }

    /// Records a delivery report; a late intermediate one never replaces a final one.
    public func recordDelivery(messageID: String, status: DeliveryStatus, at time: Int64) async throws -> Bool {
        try await writer.write { db in
            guard
                let current = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT delivery_status FROM sms_outbox WHERE id = ?"),
                    arguments: [messageID]
                )
            else { return false }
            let previous = (current["delivery_status"] as String?).flatMap(DeliveryStatus.init(rawValue:))
            if previous?.isFinal != true || status.isFinal {
                try db.cachedStatement(sql: "UPDATE sms_outbox SET delivery_status = ?, delivery_at = ? WHERE id = ?")
                    .execute(arguments: [status.rawValue, time, messageID])
            }
            return true
        }
    }

    /// The outbox message with this id.
    public func outboxMessage(id: String) async throws -> OutboxMessage? {
        try await writer.read { db in
            try SQLiteRows.rows(
                db.cachedStatement(sql: "SELECT \(StoredRows.outboxColumns) FROM sms_outbox WHERE id = ?"),
                [id],
                StoredRows.outboxMessage
            ).first
        }
    }

    /// The newest outbox messages, newest first.
    public func recentOutboxMessages(limit: Int, cardID: String?) async throws -> [OutboxMessage] {
        try await writer.read { db in
            let (filter, parameters): (String, [any SQLiteBindable]) =
                if let cardID { ("WHERE card_id = ?", [cardID, limit]) } else { ("", [limit]) }
            return try SQLiteRows.rows(
                db.makeStatement(
                    sql: """
                        SELECT \(StoredRows.outboxColumns) FROM sms_outbox \(filter)
                        ORDER BY created_at DESC, rowid DESC LIMIT ?
                        """
                ),
                parameters,
                StoredRows.outboxMessage
            )
        }
    }

    /// The outbox's messages counted by status.
    public func outboxCounts() async throws -> [OutboxStatus: Int] {
        try await writer.read { db in
            var counts: [OutboxStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM sms_outbox GROUP BY status") {
                if let status = OutboxStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }

    /// The fingerprints of the cards registered to `mobile`, in the order they were registered.
    public func cardFingerprints(mobile: MobileNumber) async throws -> [CardFingerprint] {
        try await writer.read { db in
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT fingerprint FROM cards WHERE mobile = ? ORDER BY registered_at, rowid"),
                arguments: [mobile.e164]
            ).map(CardFingerprint.init(hex:))
        }
    }
}
