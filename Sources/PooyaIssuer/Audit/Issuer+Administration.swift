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

    /// Checks the whole audit log's hash chain, page by page, and reports the first broken link.
    public func verifyAuditChain() async throws -> AuditChainVerification {
        var verifier = AuditChainVerifier()
        var after: Int64 = 0
        while true {
            let page = try await store.auditEntries(after: after, limit: 1_000, card: nil)
            for entry in page where !verifier.check(entry) { return verifier.result }
            guard let last = page.last, page.count == 1_000 else { return verifier.result }
            after = last.sequence
        }
    }
}
