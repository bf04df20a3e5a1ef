public import PooyaProtocol

extension Issuer {
    /// Completes the provisioning handshake for an authenticator: finds the open activation by the request's lookup
    /// id, checks its expiry and attempts, verifies the proof of both activation parts, and makes the token — the
    /// card's only active one of that kind (an older one is revoked); a dynamic second PIN disables the static one.
    /// The seed is derived on both sides and never sent.
    ///
    /// A handshake from `source` (the client's IP address, when known) that names no open activation is audited
    /// once per address and interval (``UnknownActivationTally``), and counted every time.
    ///
    /// - Throws: ``IssuerError/malformedHandshake(_:)``, ``IssuerError/activationNotFound``,
    ///   ``IssuerError/activationExpired``, ``IssuerError/activationClosed`` (used, replaced, exhausted: a replayed
    ///   request lands here) or ``IssuerError/activationCodeMismatch(attemptsLeft:)``.
    public func provision(_ request: ProvisioningRequest, from source: String? = nil) async throws
        -> ProvisioningResponse
    {
        let tokenID = newID("tok")
        let policy = self.policy
        let vault = self.vault
        return try await onTicket(of: request, from: source) { state, index, now in
            try state.provision(ticketAt: index, request, tokenID: tokenID, policy: policy, vault: vault, now: now)
        }
    }

    /// What the request's ticket would give — the card (masked), the bank and the PIN kind, MACed for this request —
    /// so that the authenticator can decide whether to keep such a token before anything changes: the working token
    /// stays, the ticket stays open. The proof is checked, and a wrong one counted, exactly as in ``provision(_:)``.
    ///
    /// - Throws: the refusals of ``provision(_:)``.
    public func offer(for request: ProvisioningRequest, from source: String? = nil) async throws -> TokenOffer {
        let vault = self.vault
        return try await onTicket(of: request, from: source) { state, index, now in
            try state.offer(ticketAt: index, request, vault: vault, now: now)
        }
    }

    /// Finds the open ticket the request's lookup id names and runs `body` on its card in one change; an unknown
    /// lookup id is counted (and audited without a card once per source and interval), a closed ticket refused.
    private func onTicket<Value: Sendable>(
        of request: ProvisioningRequest,
        from source: String?,
        _ body: @escaping @Sendable (inout CardState, Int, Int64) throws -> Result<Value, IssuerError>
    ) async throws -> Value {
        do { try Handshake.validate(request) } catch { throw IssuerError.malformedHandshake(error.description) }
        let now = clock.now()
        guard let fingerprint = try await store.cardFingerprint(ticketLookupID: request.lookupID) else {
            try await recordUnknownActivation(from: source ?? "unknown", at: now)
            throw IssuerError.activationNotFound
        }
        return try await change(fingerprint, ifUnknown: .activationNotFound) { state in
            // The lookup found the ticket, but only open tickets are loaded: this one was used, replaced or exhausted.
            guard let index = state.tickets.firstIndex(where: { $0.lookupID == request.lookupID }) else {
                return .failure(state.refuseActivation(.activationClosed, kind: nil, channel: .authenticator, now: now))
            }
            return try body(&state, index, now)
        }
    }

    /// Tells the observer of a handshake that named no open activation, and audits it when it is the first from
    /// `source` in the tally's interval.
    private func recordUnknownActivation(from source: String, at now: Int64) async throws {
        let event = DomainEvent(
            .activationRejected(nil, .authenticator, .refusal(.activationNotFound)),
            card: nil,
            time: now
        )
        if unknownActivations.isFirst(from: source, at: now) {
            var audit = event.audit
            audit.reason = .unknownActivation(from: source)
            audit.actor = AuditActor.current
            try await store.appendAudit([audit])
        }
        observer?.observe([event])
    }
}
