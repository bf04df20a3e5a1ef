public import PooyaProtocol

/// Where an activation was asked for.
public enum ActivationChannel: String, Sendable, Hashable, Codable, CaseIterable {
    /// At an ATM: the receipt shows the first part.
    case atm
    /// In the internet bank: the screen shows the first part and a QR code.
    case internetBank
    /// At a branch: the clerk's system prints the first part.
    case branch
}

/// An open activation: what the issuer keeps between the cardholder's request and the authenticator's handshake.
/// It holds neither part of the activation code, only the key derived from both, sealed.
public struct ActivationTicket: Sendable, Hashable, Codable {
    /// The ticket's public number.
    public var serial: String
    /// ``PooyaProtocol/ActivationCode/lookupID``: how the handshake finds the ticket.
    public var lookupID: String
    /// The card.
    public var cardID: String
    /// Which PIN the activation is for.
    public var kind: PINKind
    /// Where it was asked for.
    public var channel: ActivationChannel
    /// The activation key, sealed under the master key with context `ticket:<serial>`.
    public var sealedActivationKey: SealedSecret
    /// When it was made (Unix seconds).
    public var createdAt: Int64
    /// After this it cannot be used.
    public var expiresAt: Int64
    /// The keyed digest of the SMS part, so that it can be typed back without an app
    /// (``Issuer/confirmActivation(serial:smsPart:)``); `nil` for tickets made before it was kept.
    public var smsPartDigest: String?
    /// Wrong codes (handshake proofs, SMS parts typed back) it still tolerates.
    public var attemptsLeft: Int
    /// When it ended: used, superseded by a newer activation, or exhausted; `nil` while open.
    public var closedAt: Int64?

    /// Collects the fields, as the issuer makes a ticket and a store reads one back.
    public init(
        serial: String,
        lookupID: String,
        cardID: String,
        kind: PINKind,
        channel: ActivationChannel,
        sealedActivationKey: SealedSecret,
        createdAt: Int64,
        expiresAt: Int64,
        attemptsLeft: Int,
        closedAt: Int64?,
        smsPartDigest: String? = nil
    ) {
        self.smsPartDigest = smsPartDigest
        self.serial = serial
        self.lookupID = lookupID
        self.cardID = cardID
        self.kind = kind
        self.channel = channel
        self.sealedActivationKey = sealedActivationKey
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.attemptsLeft = attemptsLeft
        self.closedAt = closedAt
    }
}
