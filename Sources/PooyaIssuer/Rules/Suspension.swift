/// The cardholder's kill switch: suspending a card's dynamic PINs revokes its app tokens, stops SMS and USSD codes
/// (the activation without an app is forgotten), keeps the static second PIN off so that nobody can pay online with
/// the card, and refuses every code until the cardholder activates again. Suspending twice changes nothing more.
enum Suspension {
    /// Suspends `state` at `now`, as asked through `channel`.
    ///
    /// - Returns: whether the card was not suspended already.
    @discardableResult
    static func suspend(_ state: inout CardState, channel: AuditChannel, now: Int64) -> Bool {
        guard state.card.suspendedAt == nil else { return false }
        for index in state.tokens.indices where state.tokens[index].isActive {
            state.tokens[index].revokedAt = now
            let token = state.tokens[index]
            state.record(.tokenRevoked(token.kind, token: token.id, .suspended, channel), at: now)
        }
        state.card.suspendedAt = now
        state.card.smsActivatedAt = nil
        state.card.updatedAt = now
        state.record(.cardSuspended(channel), at: now)
        StaticSecondPIN.disable(in: &state, now: now)
        return true
    }

    /// Lifts a suspension (a new activation completed).
    static func lift(_ state: inout CardState, now: Int64) {
        guard state.card.suspendedAt != nil else { return }
        state.card.suspendedAt = nil
        state.card.updatedAt = now
    }
}
