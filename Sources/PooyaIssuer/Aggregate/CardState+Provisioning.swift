import Crypto
import PooyaProtocol

extension CardState {
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
            bank: card.bankName
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
