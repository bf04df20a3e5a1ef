/// Changing a card's registered mobile closes its open activations — their SMS part went to the old number — and
/// is audited; SMS from then on go to the new number.
enum MobileChange {
    /// Sets the card's mobile to `mobile`, if it is another one.
    static func apply(_ mobile: MobileNumber, to state: inout CardState, now: Int64) {
        guard state.card.mobile != mobile else { return }
        state.card.mobile = mobile
        state.card.updatedAt = now
        state.record(.mobileChanged, at: now)
        ActivationWindow.supersede(in: &state, now: now) { _ in true }
    }
}
