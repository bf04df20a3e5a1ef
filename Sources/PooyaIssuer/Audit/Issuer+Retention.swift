extension Issuer {
    /// Deletes the records older than `days` days that the service no longer needs — recorded decisions (a retry
    /// comes within minutes), issued codes (they live two minutes), and sent or expired SMS — in batches of at most
    /// `batch` each, one short transaction a batch, so verifications never wait long behind it. The audit trail, the
    /// cards, their tokens and tickets, and queued SMS are kept. A run that deleted anything leaves one audit entry
    /// saying how many, naming ``AuditActor/current``.
    ///
    /// - Returns: how many records were deleted.
    @discardableResult
    public func deleteOldRecords(olderThan days: Int, batch: Int = 1_000) async throws -> Int {
        let now = clock.now()
        let cutoff = now - Int64(days) * 86_400
        var deleted = 0
        while true {
            let count = try await store.deleteRecords(before: cutoff, limit: batch)
            guard count > 0 else { break }
            deleted += count
            try await Task.sleep(for: .milliseconds(10))  // let waiting changes go first
        }
        if deleted > 0 {
            try await store.appendAudit([
                AuditEvent(
                    .recordsDeleted,
                    card: nil,
                    channel: .admin,
                    reason: .deleted(deleted, before: cutoff),
                    time: now,
                    actor: AuditActor.current
                )
            ])
        }
        return deleted
    }
}
