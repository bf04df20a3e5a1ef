public import PooyaIssuer
import PostgresNIO

extension PostgresStore {
    /// Puts messages in the outbox, due at once.
    public func enqueue(_ messages: [OutboxMessage]) async throws {
        try await transaction { session in
            for message in messages { try await PostgresRows.insert(session, message) }
        }
    }

    /// Claims the oldest due messages, leased until `leaseUntil` so no other dispatcher (on this node or another)
    /// takes them: rows another node is claiming at the same moment are skipped, not waited for.
    public func claimDue(now: Int64, leaseUntil: Int64, limit: Int) async throws -> [OutboxMessage] {
        try await transaction { session in
            let due = try await session.rows(
                """
                SELECT \(unescaped: StoredRows.outboxColumns) FROM sms_outbox
                WHERE status = 'queued' AND next_attempt_at <= \(now)
                ORDER BY next_attempt_at, created_at, position LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """
            ).map { try PostgresRows.read($0, StoredRows.outboxMessage) }
            try await session.run(
                "UPDATE sms_outbox SET next_attempt_at = \(leaseUntil) WHERE id = ANY(\(due.map(\.id)))"
            )
            return due
        }
    }

    /// Saves a message's sending state (its delivery report is kept as recorded).
    public func update(_ message: OutboxMessage) async throws {
        try await transaction { session in
            try await session.run(
                """
                UPDATE sms_outbox SET status = \(message.status.rawValue), attempts = \(message.attempts),
                    next_attempt_at = \(message.nextAttemptAt), last_error = \(message.lastError),
                    sent_at = \(message.sentAt)
                WHERE id = \(message.id)
                """
            )
        }
    }

    /// Records a delivery report; a late intermediate one never replaces a final one.
    public func recordDelivery(messageID: String, status: DeliveryStatus, at time: Int64) async throws -> Bool {
        try await transaction { session in
            guard
                let current = try await session.row(
                    "SELECT delivery_status FROM sms_outbox WHERE id = \(messageID) FOR UPDATE"
                )
            else { return false }
            let previous = try current.decode(String?.self).flatMap(DeliveryStatus.init(rawValue:))
            if previous?.isFinal != true || status.isFinal {
                try await session.run(
                    """
                    UPDATE sms_outbox SET delivery_status = \(status.rawValue), delivery_at = \(time)
                    WHERE id = \(messageID)
                    """
                )
            }
            return true
        }
    }

    /// The outbox message with this id.
    public func outboxMessage(id: String) async throws -> OutboxMessage? {
        try await session { session in
            try await session.row("SELECT \(unescaped: StoredRows.outboxColumns) FROM sms_outbox WHERE id = \(id)")
                .map { try PostgresRows.read($0, StoredRows.outboxMessage) }
        }
    }

    /// The newest outbox messages, newest first.
    public func recentOutboxMessages(limit: Int, cardID: String?) async throws -> [OutboxMessage] {
        try await session { session in
            try await session.rows(
                """
                SELECT \(unescaped: StoredRows.outboxColumns) FROM sms_outbox
                WHERE \(cardID)::TEXT IS NULL OR card_id = \(cardID)
                ORDER BY created_at DESC, position DESC LIMIT \(limit)
                """
            ).map { try PostgresRows.read($0, StoredRows.outboxMessage) }
        }
    }

    /// The outbox's messages counted by status.
    public func outboxCounts() async throws -> [OutboxStatus: Int] {
        try await session { session in
            var counts: [OutboxStatus: Int] = [:]
            for row in try await session.rows("SELECT status, COUNT(*) FROM sms_outbox GROUP BY status") {
                let (status, count) = try row.decode((String, Int).self)
                if let status = OutboxStatus(rawValue: status) { counts[status] = count }
            }
            return counts
        }
    }
}
