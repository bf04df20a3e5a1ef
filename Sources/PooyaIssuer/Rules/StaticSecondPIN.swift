import PooyaProtocol

/// Once a card's dynamic second PIN is active (an app token or an activation without an app), or the cardholder has
/// suspended it, the static second PIN is refused — except, when the policy allows it, for payments of at most
/// ``IssuerPolicy/staticSecondPINMaxAmount`` rials (the Central Bank once allowed up to 1,000,000). The static first
/// PIN always keeps working: a dynamic first PIN is offered beside it. The switch checks a static PIN itself; the
/// issuer only says whether it may.
enum StaticSecondPIN {
    /// The decision on a static PIN of `kind` for a payment of `amount` rials on `card`.
    static func decision(for card: Card, kind: PINKind, amount: Int64, policy: IssuerPolicy) -> VerificationDecision {
        let refused = kind == .second && card.staticSecondPINDisabled && amount > policy.staticSecondPINMaxAmount
        return refused ? .rejected(.staticPINDisabled, attemptsLeft: 0) : .staticPINAllowed
    }

    /// Turns the static second PIN off, once.
    static func disable(in state: inout CardState, now: Int64) {
        guard !state.card.staticSecondPINDisabled else { return }
        state.card.staticSecondPINDisabled = true
        state.card.updatedAt = now
        state.record(.staticPINDisabled, at: now)
    }
}
