extension VerificationDecision {
    /// The ISO 8583 response code (field 39) a terminal understands for this decision, so that a switch can put it
    /// in its authorisation response as it is: `00` approved (and, for the static PIN, allowed: the switch then checks
    /// the PIN itself), `55` incorrect PIN (any code that is not the right one for this payment now), `75` PIN tries
    /// exceeded, `62` restricted card (blocked or suspended), `57` not permitted to the cardholder (no dynamic PIN
    /// activated), `61` over the amount limit (an amount-capped code). docs/switch.md has the table.
    public var isoResponseCode: String {
        switch self {
        case .approved, .staticPINAllowed: "00"
        case .clockDrift: "55"
        case .rejected(let reason, _):
            switch reason {
            case .invalidCode, .expired, .replayed, .wrongKind, .staticPINDisabled, .clockDrift, .transactionMismatch,
                .amountMismatch, .merchantMismatch, .transactionTypeMismatch:
                "55"
            case .locked: "75"
            case .cardBlocked, .cardSuspended: "62"
            case .notActivated: "57"
            case .amountAboveCap: "61"
            }
        }
    }
}
