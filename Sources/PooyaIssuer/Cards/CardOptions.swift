/// What the bank allows for a card.
public struct CardOptions: Sendable, Hashable, Codable {
    /// Whether the bank has blocked the card: no activation is accepted and nothing is approved.
    public var blocked: Bool
    /// Whether codes by SMS are offered for this card.
    public var smsCodes: Bool
    /// Whether codes by USSD are offered for this card.
    public var ussdCodes: Bool

    /// Options with every channel on and the card not blocked, unless told otherwise.
    public init(blocked: Bool = false, smsCodes: Bool = true, ussdCodes: Bool = true) {
        self.blocked = blocked
        self.smsCodes = smsCodes
        self.ussdCodes = ussdCodes
    }

    /// These options with what `update` names changed, and the rest as they are.
    public func updated(by update: Update) -> CardOptions {
        CardOptions(
            blocked: update.blocked ?? blocked,
            smsCodes: update.smsCodes ?? smsCodes,
            ussdCodes: update.ussdCodes ?? ussdCodes
        )
    }

    /// A change to some of a card's options: `nil` leaves an option as stored.
    public struct Update: Sendable, Hashable {
        /// The new block, or `nil` to keep it.
        public var blocked: Bool?
        /// Whether SMS codes are offered, or `nil` to keep it.
        public var smsCodes: Bool?
        /// Whether USSD codes are offered, or `nil` to keep it.
        public var ussdCodes: Bool?

        /// A change of the options given; by default none.
        public init(blocked: Bool? = nil, smsCodes: Bool? = nil, ussdCodes: Bool? = nil) {
            self.blocked = blocked
            self.smsCodes = smsCodes
            self.ussdCodes = ussdCodes
        }
    }
}
