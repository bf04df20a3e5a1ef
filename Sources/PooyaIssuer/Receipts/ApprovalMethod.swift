/// How an approved payment's PIN was proved, as its receipt names it. The raw values are stable.
public enum ApprovalMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// A time-based code of the card's authenticator.
    case app
    /// An amount-capped code of the card's authenticator.
    case capped
    /// A code the issuer sent by SMS, asked for by the cardholder or by a payment gateway.
    case sms
    /// A code the issuer showed on a USSD screen.
    case ussd
    /// The static PIN, still allowed for this card and amount (the switch checks the PIN itself).
    case staticPIN = "static"
}
