import Crypto
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
            try await store.appendAudit([AuditEvent(.activationRejected, card: nil, channel: "authenticator",
                                                    reason: IssuerError.activationNotFound.code, time: now)])
            throw IssuerError.activationNotFound
        }
        let tokenID = newID("tok")
        let policy = self.policy
        let vault = self.vault
        return try await store.withCard(fingerprint, transactionID: nil) { state in
            guard var current = state else { throw IssuerError.activationNotFound }
            // The lookup found the ticket, but only open tickets are loaded: this one was used, replaced or exhausted.
            guard let index = current.tickets.firstIndex(where: { $0.lookupID == request.lookupID }) else {
                current.events.append(AuditEvent(.activationRejected, card: fingerprint, channel: "authenticator",
                                                 reason: IssuerError.activationClosed.code, time: now))
                state = current
                return Result<ProvisioningResponse, IssuerError>.failure(.activationClosed)
            }
            let outcome = try Self.provision(
                &current, ticketIndex: index, request: request, tokenID: tokenID, policy: policy, vault: vault,
                now: now
            )
            state = current
            return outcome
        }.get()
    }

    /// The provisioning rule, on the card's state inside the store's transaction.
    private static func provision(
        _ state: inout CardState,
        ticketIndex index: Int,
        request: ProvisioningRequest,
        tokenID: String,
        policy: IssuerPolicy,
        vault: any KeyVault,
        now: Int64
    ) throws(IssuerError) -> Result<ProvisioningResponse, IssuerError> {
        let ticket = state.tickets[index]
        let fingerprint = state.card.fingerprint
        func rejected(_ error: IssuerError) -> Result<ProvisioningResponse, IssuerError> {
            state.events.append(AuditEvent(.activationRejected, card: fingerprint, kind: ticket.kind,
                                           channel: "authenticator", reason: error.code, time: now))
            return .failure(error)
        }
        guard ticket.closedAt == nil, ticket.attemptsLeft > 0 else { return rejected(.activationClosed) }
        guard now < ticket.expiresAt else { return rejected(.activationExpired) }

        let activationKey: SymmetricKey
        do {
            activationKey = SymmetricKey(data: try vault.open(ticket.sealedActivationKey, context: "ticket:\(ticket.serial)"))
        } catch { throw IssuerError.keyVault(error) }
        guard Handshake.verifyProof(of: request, activationKey: activationKey) else {
            state.tickets[index].attemptsLeft -= 1
            if state.tickets[index].attemptsLeft == 0 { state.tickets[index].closedAt = now }
            return rejected(.activationCodeMismatch(attemptsLeft: state.tickets[index].attemptsLeft))
        }

        let codes = policy.codes(for: ticket.kind)
        let parameters = TokenParameters(
            tokenID: tokenID, kind: ticket.kind, algorithm: codes.algorithm, digits: codes.digits,
            period: codes.period, maskedPAN: state.card.maskedPAN, bank: state.card.bankName
        )
        let (response, seed): (ProvisioningResponse, [UInt8])
        do { (response, seed) = try Handshake.respond(to: request, activationKey: activationKey, parameters: parameters) }
        catch { throw IssuerError.malformedHandshake(error.description) }
        let sealedSeed: SealedSecret
        do { sealedSeed = try vault.seal(seed, context: "token:\(tokenID)") } catch { throw IssuerError.keyVault(error) }

        for old in state.tokens.indices where state.tokens[old].kind == ticket.kind && state.tokens[old].revokedAt == nil {
            state.tokens[old].revokedAt = now
            state.events.append(AuditEvent(.tokenRevoked, card: fingerprint, token: state.tokens[old].id,
                                            kind: ticket.kind, reason: "replaced", time: now))
        }
        state.tokens.append(Token(
            id: tokenID, cardID: state.card.id, kind: ticket.kind, sealedSeed: sealedSeed, algorithm: codes.algorithm,
            digits: codes.digits, period: codes.period, createdAt: now, lastAcceptedStep: nil, usedCappedMinutes: [:],
            consecutiveFailures: 0, lockedAt: nil, revokedAt: nil
        ))
        state.tickets[index].closedAt = now
        state.events.append(AuditEvent(.tokenProvisioned, card: fingerprint, token: tokenID, kind: ticket.kind,
                                       channel: ticket.channel.rawValue, time: now))
        if ticket.kind == .second, !state.card.staticSecondPINDisabled {
            state.card.staticSecondPINDisabled = true
            state.card.updatedAt = now
            state.events.append(AuditEvent(.staticPINDisabled, card: fingerprint, kind: .second, time: now))
        }
        if ticket.kind == .second, state.card.codeFailures > 0 || state.card.codesLockedAt != nil {
            // A new activation unlocks SMS and USSD codes too.
            state.card.codeFailures = 0
            state.card.codesLockedAt = nil
            state.card.updatedAt = now
        }
        return .success(response)
    }
}
