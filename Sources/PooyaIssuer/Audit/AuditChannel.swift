/// The channel or client an audited event came through. The raw values are stored and chained into the audit log.
public enum AuditChannel: String, Sendable, Hashable, Codable, CaseIterable {
    /// An ATM host.
    case atm
    /// The internet bank.
    case internetBank
    /// A branch's system.
    case branch
    /// A bank system calling the API (card registration, verification by the switch, the bank's own channels).
    case api
    /// The cardholder's authenticator (the provisioning handshake).
    case authenticator
    /// Bank staff (the console, `pooya admin`, the admin API).
    case admin
    /// The cardholder's SMS to the bank's inbound number.
    case sms
    /// The cardholder's USSD session.
    case ussd
    /// A payment gateway's request for a code bound to a payment.
    case challenge

    /// The channel an activation was asked through.
    public init(_ channel: ActivationChannel) {
        switch channel {
        case .atm: self = .atm
        case .internetBank: self = .internetBank
        case .branch: self = .branch
        }
    }

    /// The channel a code was issued through.
    public init(_ channel: IssuedCode.Channel) {
        switch channel {
        case .sms: self = .sms
        case .ussd: self = .ussd
        case .challenge: self = .challenge
        }
    }
}
