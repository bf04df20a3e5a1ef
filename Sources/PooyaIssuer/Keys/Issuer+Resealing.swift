extension Issuer {
    /// What one batch of ``resealBatch(limit:)`` did.
    public struct ResealBatch: Sendable, Hashable {
        /// Secrets sealed again under the vault's newest master key.
        public var resealed: Int
        /// Secrets that could not be opened (their key is gone from the vault, or they are damaged); they stay as
        /// they are, and are found again by every batch.
        public var unopened: Int
    }

    /// Seals again, under the vault's newest master key, up to `limit` of the stored secrets sealed under older ones:
    /// each is opened with its own context, sealed anew, and put back only if its row still holds what was read, so
    /// the service may run meanwhile and a batch cut short by a crash leaves nothing half-done. A batch that resealed
    /// any is audited (`secrets_resealed`, with how many and the key).
    public func resealBatch(limit: Int) async throws -> ResealBatch {
        let keyID = vault.sealingKeyID
        var batch = ResealBatch(resealed: 0, unopened: 0)
        for record in try await store.sealedRecords(notUnder: keyID, limit: limit) {
            let resealed: SealedSecret
            do {
                resealed = try vault.seal(
                    try vault.open(record.sealed, context: record.context),
                    context: record.context
                )
            } catch {
                batch.unopened += 1
                continue
            }
            if try await store.replaceSealed(record, with: resealed) { batch.resealed += 1 }
        }
        if batch.resealed > 0 {
            let event = AuditEvent(
                .secretsResealed,
                card: nil,
                reason: .resealed(batch.resealed, underKey: keyID),
                time: clock.now(),
                actor: AuditActor.current
            )
            try await store.appendAudit([event])
        }
        return batch
    }

    /// How many stored secrets are sealed under each master key: a key with none may be retired.
    public func sealedSecretCounts() async throws -> [UInt32: Int] {
        try await store.sealedCounts()
    }
}
