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
    /// Whether the static second PIN is refused because a dynamic second PIN was activated (or suspended).
    public var staticSecondPINDisabled: Bool
    /// Wrong codes in a row and the lock, per PIN kind, over every channel.
    public var locks: PINLocks
    /// When the cardholder completed an activation without an app (the SMS part typed back on the bank's screen):
    /// SMS and USSD codes are on from then; `nil` when there was none since the last suspension.
    public var smsActivatedAt: Int64?
    /// When the cardholder suspended the card's dynamic PINs (lost phone, suspected fraud); a new activation lifts
    /// it. `nil` while not suspended.
    public var suspendedAt: Int64?
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
        locks: PINLocks = PINLocks(),
        smsActivatedAt: Int64? = nil,
        suspendedAt: Int64? = nil
    ) {
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
        self.locks = locks
        self.smsActivatedAt = smsActivatedAt
        self.suspendedAt = suspendedAt
    }

    /// The last four digits of the card number.
    public var lastFour: String { String(maskedPAN.suffix(4)) }
}
