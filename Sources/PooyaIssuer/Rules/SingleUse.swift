/// A code is accepted at most once. An app code's time step must come after the step accepted last (so no code of
/// that step or an earlier one is accepted again); an amount-capped code's minute is used once; a code the issuer
/// sent or showed is used once.
enum SingleUse {
    /// The first step of `window` a code may still be accepted for, given the step accepted last.
    static func firstOpenStep(of window: ClosedRange<UInt64>, after lastAccepted: UInt64?) -> UInt64 {
        lastAccepted.map { max(window.lowerBound, $0 + 1) } ?? window.lowerBound
    }

    /// Whether a code of `step`, found among used ones, is a replay of the one accepted last (the cardholder's own
    /// double submission) rather than an older, superseded code.
    static func isReplay(step: UInt64, lastAccepted: UInt64?) -> Bool {
        step == lastAccepted
    }

    /// Records that a code of `step` was accepted.
    static func use(step: UInt64, of token: inout Token) {
        token.lastAcceptedStep = step
    }

    /// Records that the capped code made in `minute` was accepted; minutes that stopped mattering are forgotten.
    static func use(cappedMinute minute: UInt64, until expiresAt: Int64, of token: inout Token, now: Int64) {
        token.usedCappedMinutes = token.usedCappedMinutes.filter { $0.value > now }
        token.usedCappedMinutes[minute] = expiresAt
    }

    /// Whether an issued code was accepted before.
    static func isUsed(_ code: IssuedCode) -> Bool { code.usedAt != nil }

    /// Records that an issued code was accepted at `now`.
    static func use(_ code: inout IssuedCode, now: Int64) { code.usedAt = now }
}
