import Crypto
import PooyaProtocol

extension CardState {
    /// Tells an authenticator what the ticket at `index` would give (``TokenOffer``), changing nothing but what a
    /// wrong proof costs: the same checks as ``provision(ticketAt:_:tokenID:policy:vault:now:)``, so the offer is no
    /// way round the ticket's attempt budget.
    ///
    /// - Returns: the offer, or the audited refusal.
    mutating func offer(
        ticketAt index: Int,
        _ request: ProvisioningRequest,
        vault: any KeyVault,
        now: Int64
    ) throws(IssuerError) -> Result<TokenOffer, IssuerError> {
        try provenActivationKey(ticketAt: index, request, vault: vault, now: now).map { key in
            TokenOffer.made(
                for: request,
                activationKey: key,
                kind: tickets[index].kind,
                maskedPAN: card.maskedPAN,
                bank: card.bankName
            )
        }
    }

    /// Completes an authenticator's handshake on the ticket at `index`: the ticket must be usable
    /// (``ActivationWindow``) and the proof must show both activation parts. The new token is the card's only current
    /// one of its kind (an older one is revoked), and the activation clears what stopped that PIN
    /// (``Reactivation``).
    ///
    /// - Returns: the handshake's answer, or the audited refusal.
    mutating func provision(
        ticketAt index: Int,
        _ request: ProvisioningRequest,
        tokenID: String,
        policy: IssuerPolicy,
        vault: any KeyVault,
        now: Int64
    ) throws(IssuerError) -> Result<ProvisioningResponse, IssuerError> {
        let activationKey: SymmetricKey
        switch try provenActivationKey(ticketAt: index, request, vault: vault, now: now) {
        case .success(let key): activationKey = key
        case .failure(let refusal): return .failure(refusal)
        }
        let ticket = tickets[index]
        let (response, token) = try Self.makeToken(
            request,
            ticket: ticket,
            card: card,
            tokenID: tokenID,
            policy: policy,
            key: activationKey,
            vault: vault,
            now: now
        )
        for old in tokens.indices where tokens[old].kind == ticket.kind && tokens[old].isActive {
            tokens[old].revokedAt = now
            record(.tokenRevoked(ticket.kind, token: tokens[old].id, .replaced, nil), at: now)
        }
        tokens.append(token)
        tickets[index].closedAt = now
        record(.tokenProvisioned(ticket.kind, ticket.channel, token: tokenID), at: now)
        Reactivation.apply(ticket.kind, to: &self, lockout: Lockout(limit: policy.failuresBeforeLock), now: now)
        return .success(response)
    }

    /// The ticket's activation key, once the ticket is usable (``ActivationWindow``) and the request's proof shows
    /// both parts; a wrong proof is counted against the ticket.
    private mutating func provenActivationKey(
        ticketAt index: Int,
        _ request: ProvisioningRequest,
        vault: any KeyVault,
        now: Int64
    ) throws(IssuerError) -> Result<SymmetricKey, IssuerError> {
        let ticket = tickets[index]
        if let refusal = ActivationWindow.refusal(for: ticket, now: now) {
            return .failure(refuseActivation(refusal, kind: ticket.kind, channel: .authenticator, now: now))
        }
        let activationKey: SymmetricKey
        do {
            activationKey = SymmetricKey(
                data: try vault.open(ticket.sealedActivationKey, context: "ticket:\(ticket.serial)")
            )
        } catch { throw .keyVault(error) }
        guard Handshake.verifyProof(of: request, activationKey: activationKey) else {
            let mismatch = ActivationWindow.countWrongCode(&tickets[index], now: now)
            return .failure(refuseActivation(mismatch, kind: ticket.kind, channel: .authenticator, now: now))
        }
        return .success(activationKey)
    }

    private static func makeToken(
        _ request: ProvisioningRequest,
        ticket: ActivationTicket,
        card: Card,
        tokenID: String,
        policy: IssuerPolicy,
        key: SymmetricKey,
        vault: any KeyVault,
        now: Int64
    ) throws(IssuerError) -> (ProvisioningResponse, Token) {
        let codes = policy.codes(for: ticket.kind)
        let parameters = TokenParameters(
            tokenID: tokenID,
            kind: ticket.kind,
            algorithm: codes.algorithm,
            digits: codes.digits,
            period: codes.period,
            maskedPAN: card.maskedPAN,
            bank: card.bankName,
            exportable: policy.tokensExportable ? true : nil
        )
        let (response, seed): (ProvisioningResponse, [UInt8])
        do { (response, seed) = try Handshake.respond(to: request, activationKey: key, parameters: parameters) } catch {
            throw .malformedHandshake(error.description)
        }
        let sealedSeed: SealedSecret
        do { sealedSeed = try vault.seal(seed, context: "token:\(tokenID)") } catch { throw .keyVault(error) }
        let token = Token(
            id: tokenID,
            cardID: card.id,
            kind: ticket.kind,
            sealedSeed: sealedSeed,
            algorithm: codes.algorithm,
            digits: codes.digits,
            period: codes.period,
            createdAt: now,
            lastAcceptedStep: nil,
            usedCappedMinutes: [:],
            revokedAt: nil
        )
        return (response, token)
    }
}
