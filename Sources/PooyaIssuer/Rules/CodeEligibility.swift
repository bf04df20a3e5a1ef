/// Who may be sent or shown a code: the bank must offer the channel (SMS for the cardholder's and the gateway's
/// SMS, USSD for the menu); the card's dynamic second PIN must be activated first when the policy says so
/// (`smsCodesNeedActivation`, on by default: an app token, or an activation completed without an app); and the PIN
/// must not be locked.
enum CodeEligibility {
    /// Why `state` may not get a code through `channel`, or `nil` when it may.
    static func refusal(for state: CardState, channel: IssuedCode.Channel, policy: IssuerPolicy) -> IssuerError? {
        let options = state.card.options
        if !(channel == .ussd ? options.ussdCodes : options.smsCodes) { return .codesNotOffered }
        if policy.smsCodesNeedActivation, !state.dynamicSecondPINActive { return .notActivated }
        if state.card.locks.second.isLocked { return .codesLocked }
        return nil
    }
}
