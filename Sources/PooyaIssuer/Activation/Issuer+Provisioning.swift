public import PooyaProtocol

extension Issuer {
    /// Completes the provisioning handshake for an authenticator: finds the open activation by the request's lookup
    /// id, checks its expiry and attempts, verifies the proof of both activation parts, and makes the token — the
    /// card's only active one of that kind (an older one is revoked); a dynamic second PIN disables the static one.
    /// The seed is derived on both sides and never sent.
    ///
    /// - Throws: ``IssuerError/malformedHandshake(_:)``, ``IssuerError/activationNotFound``,
    ///   ``IssuerError/activationExpired``, ``IssuerError/activationClosed`` (used, replaced, exhausted: a replayed
    ///   request lands here) or ``IssuerError/activationCodeMismatch(attemptsLeft:)``.
    public func provision(_ request: ProvisioningRequest) async throws -> ProvisioningResponse {
        do { try Handshake.validate(request) } catch { throw IssuerError.malformedHandshake(error.description) }
        let now = clock.now()
        guard let fingerprint = try await store.cardFingerprint(ticketLookupID: request.lookupID) else {
            let reason = AuditReason.refusal(.activationNotFound)
            try await recordWithoutCard([
                DomainEvent(.activationRejected(nil, .authenticator, reason), card: nil, time: now)
            ])
            throw IssuerError.activationNotFound
        }
        let tokenID = newID("tok")
        let policy = self.policy
        let vault = self.vault
        return try await change(fingerprint, ifUnknown: .activationNotFound) { state in
            // The lookup found the ticket, but only open tickets are loaded: this one was used, replaced or exhausted.
            guard let index = state.tickets.firstIndex(where: { $0.lookupID == request.lookupID }) else {
                return .failure(state.refuseActivation(.activationClosed, kind: nil, channel: .authenticator, now: now))
            }
            return try state.provision(
                ticketAt: index,
                request,
                tokenID: tokenID,
                policy: policy,
                vault: vault,
                now: now
            )
        }
    }
}
