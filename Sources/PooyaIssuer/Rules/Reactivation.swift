import PooyaProtocol

/// A completed activation of a kind (an app token, or the SMS part typed back without an app) is the way back from
/// everything that stopped that PIN: it clears the kind's lock and lifts a suspension. A dynamic second PIN turns the
/// static second PIN off.
enum Reactivation {
    /// Applies a completed activation of `kind` to `state`.
    static func apply(_ kind: PINKind, to state: inout CardState, lockout: Lockout, now: Int64) {
        if state.card.locks[kind] != PINLock() {
            lockout.release(&state.card.locks[kind])
            state.card.updatedAt = now
        }
        Suspension.lift(&state, now: now)
        if kind == .second { StaticSecondPIN.disable(in: &state, now: now) }
    }
}
