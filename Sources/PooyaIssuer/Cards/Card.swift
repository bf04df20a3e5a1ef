/// A card the issuer offers dynamic PINs for, as stored: never the card number itself.
public struct Card: Sendable, Hashable, Codable {
    /// The opaque id APIs name the card by (`crd_` and 32 hex digits).
    public var id: String
    /// The card number's keyed fingerprint, by which a presented number finds the card.
    public var fingerprint: CardFingerprint
    /// First six and last four digits.
    public var maskedPAN: String
    /// The issuing bank's English name.
    public var bankName: String
    /// The issuing bank's Persian name.
    public var bankPersianName: String
    /// The mobile registered for the card at the bank; activation codes go only there.
    public var mobile: MobileNumber
    /// What the bank allows for this card.
    public var options: CardOptions
    /// Whether the static second PIN is refused because a dynamic second PIN was activated.
    public var staticSecondPINDisabled: Bool
    /// Wrong codes in a row while the card has no token of the second kind (SMS and USSD codes only).
    public var codeFailures: Int
    /// When SMS and USSD codes were locked by too many wrong codes; a new activation unlocks them.
    public var codesLockedAt: Int64?
    /// When the card was registered (Unix seconds).
    public var registeredAt: Int64
    /// When the card's registration last changed (Unix seconds).
    public var updatedAt: Int64

    /// Collects the fields, as the issuer makes a card and a store reads one back.
    public init(
        id: String,
        fingerprint: CardFingerprint,
        maskedPAN: String,
        bankName: String,
        bankPersianName: String,
        mobile: MobileNumber,
        options: CardOptions,
        staticSecondPINDisabled: Bool,
        registeredAt: Int64,
        updatedAt: Int64,
        codeFailures: Int = 0,
        codesLockedAt: Int64? = nil
    ) {
        self.codeFailures = codeFailures
        self.codesLockedAt = codesLockedAt
        self.id = id
        self.fingerprint = fingerprint
        self.maskedPAN = maskedPAN
        self.bankName = bankName
        self.bankPersianName = bankPersianName
        self.mobile = mobile
        self.options = options
        self.staticSecondPINDisabled = staticSecondPINDisabled
        self.registeredAt = registeredAt
        self.updatedAt = updatedAt
    }
}

/// What the bank allows for a card.
public struct CardOptions: Sendable, Hashable, Codable {
    /// Whether the bank has blocked the card: no activation is accepted.
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
}
