/// An activation ticket is usable only while it is open, before it expires (the policy's lifetime, 24 h by default)
/// and while it has attempts left; each wrong code (a handshake's proof, or the SMS part typed back) spends one, and
/// the last one closes it.
enum ActivationWindow {
    /// Why `ticket` cannot be used at `now`, or `nil` when it can.
    static func refusal(for ticket: ActivationTicket, now: Int64) -> IssuerError? {
        if ticket.closedAt != nil || ticket.attemptsLeft <= 0 { return .activationClosed }
        if now >= ticket.expiresAt { return .activationExpired }
        return nil
    }

    /// Spends an attempt on a wrong code; closes the ticket on the last one.
    ///
    /// - Returns: the error the request is refused with.
    static func countWrongCode(_ ticket: inout ActivationTicket, now: Int64) -> IssuerError {
        ticket.attemptsLeft -= 1
        if ticket.attemptsLeft == 0 { ticket.closedAt = now }
        return .activationCodeMismatch(attemptsLeft: ticket.attemptsLeft)
    }

    /// Closes every open ticket of `state` that `matches`, as superseded (by a newer activation, or a new mobile).
    static func supersede(in state: inout CardState, now: Int64, where matches: (ActivationTicket) -> Bool) {
        for index in state.tickets.indices where state.tickets[index].closedAt == nil && matches(state.tickets[index]) {
            state.tickets[index].closedAt = now
            state.record(
                .activationSuperseded(state.tickets[index].kind, serial: state.tickets[index].serial),
                at: now
            )
        }
    }
}
