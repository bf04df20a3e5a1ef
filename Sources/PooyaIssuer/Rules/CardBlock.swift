/// A card the bank blocked approves nothing, by any code or by its static PIN, gets no code and starts no
/// activation. A card its holder suspended approves nothing and gets no code either, but may be activated again:
/// that is the way back.
enum CardBlock {
    /// The verification's rejection for `card`, or `nil` when it is neither blocked nor suspended.
    static func rejection(for card: Card) -> RejectionReason? {
        if card.options.blocked { return .cardBlocked }
        if card.suspendedAt != nil { return .cardSuspended }
        return nil
    }

    /// The refusal of a code for `card`, or `nil`.
    static func codeRefusal(for card: Card) -> IssuerError? {
        if card.options.blocked { return .cardBlocked }
        if card.suspendedAt != nil { return .cardSuspended }
        return nil
    }

    /// The refusal of an activation for `card`, or `nil` (a suspended card may be activated again).
    static func activationRefusal(for card: Card) -> IssuerError? {
        card.options.blocked ? .cardBlocked : nil
    }
}
