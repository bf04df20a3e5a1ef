extension Issuer {
    /// Sends the SMS part of the card's newest open activation again, to the registered mobile, as it was first sent:
    /// for a cardholder whose SMS never came (support staff, at their request). The message is copied from the
    /// outbox (its text opened and sealed again for the copy, never shown), enters the outbox with the change, and
    /// is audited, naming ``AuditActor/current``.
    ///
    /// - Returns: the masked mobile it goes to.
    /// - Throws: ``IssuerError/unknownCard``; ``IssuerError/activationNotFound`` when the card has no open
    ///   activation whose SMS is still in the outbox (retention deletes old ones; the activation then starts again).
    public func resendActivationSMS(cardID: String) async throws -> String {
        let now = clock.now()
        guard let fingerprint = try await store.cardFingerprint(cardID: cardID),
            let current = try await store.readCard(fingerprint)
        else { throw IssuerError.unknownCard }
        let openTickets = current.tickets.filter { $0.closedAt == nil && $0.expiresAt > now }
        guard let ticket = openTickets.max(by: { $0.createdAt < $1.createdAt }),
            let original = try await store.recentOutboxMessages(limit: 32, cardID: cardID).first(where: {
                $0.purpose == .activation && $0.createdAt == ticket.createdAt
            })
        else { throw IssuerError.activationNotFound }
        let text = String(decoding: try open(original.sealedText, context: "sms:\(original.id)"), as: UTF8.self)
        let copy = try outboxMessage(
            to: current.card.mobile,
            cardID: cardID,
            purpose: .activation,
            text: text,
            now: now,
            expiresAt: ticket.expiresAt
        )
        return try await change(fingerprint) { state in
            guard state.tickets.contains(where: { $0.serial == ticket.serial && $0.closedAt == nil }) else {
                return .failure(.activationClosed)
            }
            state.outgoingSMS.append(copy)
            state.record(.activationSMSResent(ticket.kind, serial: ticket.serial), at: now)
            return .success(state.card.mobile.masked)
        }
    }
}
