extension Issuer {
    /// The keys a receipt may be checked with now, as `GET /v1/receipts/keys` lists them: the signing key, and each
    /// retired key until the last receipt it signed has expired.
    public func receiptKeys() -> ReceiptKeySet {
        let now = clock.now()
        return ReceiptKeySet(vault.receiptKeys.filter { ($0.retiredAt ?? now) + policy.receiptLifetime > now })
    }

    /// Checks a receipt and redeems it: genuine (signed by one of the vault's keys), unexpired, naming an approval
    /// the issuer recorded, and presented for the first time — at most once across threads, processes and nodes, as
    /// the card's lock orders presentations. A redemption, and every presentation after it, is audited with the
    /// receipt's digest.
    ///
    /// - Returns: ``ReceiptRedemption/redeemed(_:)`` the first time; ``ReceiptRedemption/alreadyRedeemed(_:at:)``
    ///   after; ``ReceiptRedemption/invalid(_:)`` for a receipt that is not acceptable, with why.
    public func redeemReceipt(_ token: String) async throws -> ReceiptRedemption {
        let now = clock.now()
        let claims: ReceiptClaims
        switch ReceiptKeySet(vault.receiptKeys).check(token, now: now) {
        case .valid(let valid): claims = valid
        case .invalid(let fault): return .invalid(fault)
        }
        guard let fingerprint = try await store.cardFingerprint(cardID: claims.cardID) else {
            return .invalid(.notFound)
        }
        return try await change(fingerprint, transactionID: claims.transactionID) { state in
            guard var recorded = state.recordedDecision, recorded.decidedAt == claims.issuedAt,
                recorded.method == claims.method, state.card.id == claims.cardID
            else { return .success(.invalid(.notFound)) }
            if let redeemedAt = SingleRedemption.redeem(&recorded, now: now) {
                state.record(.receiptPresentedAgain(claims.kind, receipt: claims.digest), at: now)
                return .success(.alreadyRedeemed(claims, at: redeemedAt))
            }
            state.recordedDecision = recorded
            state.record(.receiptRedeemed(claims.kind, receipt: claims.digest), at: now)
            return .success(.redeemed(claims))
        }
    }

    /// The receipt with `claims`, signed by the vault's newest receipt key.
    func signedReceipt(_ claims: ReceiptClaims) throws(IssuerError) -> VerificationReceipt {
        guard let key = vault.receiptKeys.last else { throw .keyVault(.unavailable("there is no receipt-signing key")) }
        let input = CompactJWS.signingInput(payload: claims.payload, keyID: key.id)
        do {
            let signature = try vault.signReceipt(Array(input.utf8), keyID: key.id)
            return VerificationReceipt(token: input + "." + Base64URL.encode(signature), claims: claims)
        } catch {
            throw .keyVault(error)
        }
    }
}
