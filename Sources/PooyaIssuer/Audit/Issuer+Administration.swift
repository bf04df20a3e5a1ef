extension Issuer {
    /// Revokes a token (an administrator's act): its codes fail from now on; a new activation makes a new one.
    ///
    /// - Throws: ``IssuerError/unknownToken``.
    public func revokeToken(_ tokenID: String) async throws {
        guard let fingerprint = try await store.cardFingerprint(tokenID: tokenID) else {
            throw IssuerError.unknownToken
        }
        let now = clock.now()
        try await change(fingerprint, ifUnknown: .unknownToken) { state in
            guard let index = state.tokens.firstIndex(where: { $0.id == tokenID }) else {
                throw IssuerError.unknownToken
            }
            guard state.tokens[index].isActive else { return .success(()) }
            state.tokens[index].revokedAt = now
            state.record(.tokenRevoked(state.tokens[index].kind, token: tokenID, .revoked, .admin), at: now)
            return .success(())
        }
    }

    /// The audit entries of one card, oldest first.
    public func auditTrail(cardID: String) async throws -> [AuditEntry] {
        guard let fingerprint = try await store.cardFingerprint(cardID: cardID) else { throw IssuerError.unknownCard }
        var entries: [AuditEntry] = []
        while true {
            let page = try await store.auditEntries(after: entries.last?.sequence ?? 0, limit: 1_000, card: fingerprint)
            entries += page
            if page.count < 1_000 { return entries }
        }
    }

    /// Checks every audit chain, page by page, and every kept checkpoint against them: each checkpoint signed by one
    /// of the vault's receipt keys, and each head it names still in its chain with the same hash (so entries cut off
    /// a chain's end before a checkpoint are found). Reports the first fault.
    public func verifyAuditChain() async throws -> AuditChainVerification {
        var claimed: [Int: [Int64: (hash: String, madeAt: Int64)]] = [:]
        let keys = vault.receiptKeys
        for checkpoint in try await store.auditCheckpoints() {
            guard checkpoint.verified(by: keys) else {
                return .broken(
                    sequence: 0,
                    reason: "the checkpoint made at \(checkpoint.madeAt) is not signed by the vault"
                )
            }
            for head in checkpoint.heads where head.sequence > 0 {
                claimed[head.chain, default: [:]][head.sequence] = (head.hash, checkpoint.madeAt)
            }
        }
        var entries: Int64 = 0
        for chain in 0..<store.auditChainCount {
            var verifier = AuditChainVerifier(chain: chain)
            var after: Int64 = 0
            var pending = claimed[chain] ?? [:]
            while true {
                let page = try await store.auditEntries(chain: chain, after: after, limit: 1_000, card: nil)
                for entry in page {
                    guard verifier.check(entry) else { return verifier.result }
                    if let claim = pending.removeValue(forKey: entry.sequence), claim.hash != entry.hash {
                        return .broken(
                            sequence: entry.sequence,
                            reason:
                                "its hash differs from the one the checkpoint made at \(claim.madeAt) signed\(Self.place(chain))"
                        )
                    }
                }
                guard let last = page.last, page.count == 1_000 else { break }
                after = last.sequence
            }
            if let (sequence, claim) = pending.min(by: { $0.key < $1.key }) {
                return .broken(
                    sequence: sequence,
                    reason:
                        "the checkpoint made at \(claim.madeAt) signed it, but the chain ends before it\(Self.place(chain))"
                )
            }
            if case .intact(let count) = verifier.result { entries += count }
        }
        return .intact(entries: entries)
    }

    /// Signs where every audit chain ends now with the vault's receipt key, keeps the checkpoint in the store, and
    /// answers it (for an outside notary).
    ///
    /// - Throws: ``IssuerError/keyVault(_:)`` when the vault cannot sign.
    public func makeAuditCheckpoint() async throws -> AuditCheckpoint {
        guard let key = vault.receiptKeys.last else {
            throw IssuerError.keyVault(.unavailable("there is no signing key"))
        }
        let heads = try await store.auditHeads()
        let input = AuditCheckpoint.signingInput(
            heads: heads,
            issuer: policy.receiptIssuer,
            time: clock.now(),
            keyID: key.id
        )
        let signature: [UInt8]
        do { signature = try vault.signReceipt(Array(input.utf8), keyID: key.id) } catch {
            throw IssuerError.keyVault(error)
        }
        guard let checkpoint = AuditCheckpoint(token: input + "." + Base64URL.encode(signature)) else {
            throw IssuerError.keyVault(.unavailable("the checkpoint could not be read back"))
        }
        try await store.appendAuditCheckpoint(checkpoint)
        return checkpoint
    }

    private static func place(_ chain: Int) -> String {
        chain == 0 ? "" : " (chain \(chain))"
    }
}
