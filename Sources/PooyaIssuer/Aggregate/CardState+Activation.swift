import PooyaProtocol

extension CardState {
    /// Starts an activation of this card: the mobile typed must be the registered one and the bank must not have
    /// blocked the card (a suspended card may be activated: it is the way back). Older open activations of the same
    /// kind close; the new `ticket` is kept and its SMS part, `sms`, goes into the outbox with it.
    ///
    /// - Returns: the card, or the refusal (``IssuerError/mobileMismatch``, ``IssuerError/cardBlocked``), which is
    ///   audited.
    mutating func startActivation(
        _ request: ActivationRequest,
        ticket: ActivationTicket,
        sms: OutboxMessage,
        now: Int64
    ) -> Result<Card, IssuerError> {
        let refusal = card.mobile != request.mobile ? .mobileMismatch : CardBlock.activationRefusal(for: card)
        if let refusal {
            record(.activationRejected(request.kind, AuditChannel(request.channel), .refusal(refusal)), at: now)
            return .failure(refusal)
        }
        ActivationWindow.supersede(in: &self, now: now) { $0.kind == request.kind }
        tickets.append(ticket)
        outgoingSMS.append(sms)
        record(.activationStarted(request.kind, request.channel, serial: ticket.serial), at: now)
        return .success(card)
    }

    /// Records that an activation step through `channel` was refused with `error`, and returns it.
    mutating func refuseActivation(
        _ error: IssuerError,
        kind: PINKind?,
        channel: AuditChannel,
        now: Int64
    ) -> IssuerError {
        record(.activationRejected(kind, channel, .refusal(error)), at: now)
        return error
    }
}
