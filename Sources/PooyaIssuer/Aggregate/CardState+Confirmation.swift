import OneTimePassword
import PooyaProtocol

extension CardState {
    /// Completes the activation of the ticket at `index` without an app: the cardholder typed the SMS part back on
    /// the bank's screen, and `digest` is its keyed digest. Same attempts and expiry as a handshake
    /// (``ActivationWindow``); only a second PIN can be activated this way. On success SMS and USSD codes are on for
    /// the card (where the bank offers them), and the activation clears what stopped the PIN (``Reactivation``).
    ///
    /// - Returns: the card, or the audited refusal.
    mutating func confirmWithoutApp(
        ticketAt index: Int,
        smsPartDigest digest: String,
        policy: IssuerPolicy,
        now: Int64
    ) -> Result<Card, IssuerError> {
        let ticket = tickets[index]
        let refusal =
            ticket.kind == .second ? ActivationWindow.refusal(for: ticket, now: now) : IssuerError.appRequired
        if let refusal { return .failure(refuseActivation(refusal, kind: ticket.kind, channel: .api, now: now)) }
        guard let expected = ticket.smsPartDigest, ConstantTime.equals(expected.utf8, digest.utf8) else {
            let mismatch = ActivationWindow.countWrongCode(&tickets[index], now: now)
            return .failure(refuseActivation(mismatch, kind: ticket.kind, channel: .api, now: now))
        }
        tickets[index].closedAt = now
        card.smsActivatedAt = now
        card.updatedAt = now
        record(.activationConfirmed(ticket.kind, ticket.channel), at: now)
        Reactivation.apply(ticket.kind, to: &self, lockout: Lockout(limit: policy.failuresBeforeLock), now: now)
        return .success(card)
    }
}
