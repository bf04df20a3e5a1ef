import Crypto
import OneTimePassword
public import PooyaProtocol

/// A cardholder's request for a dynamic PIN, as the ATM host, internet bank or branch system passes it on.
public struct ActivationRequest: Sendable, Hashable {
    /// The card, with its fingerprint.
    public var card: CardReference
    /// The mobile number the cardholder typed; it must be the card's registered one.
    public var mobile: MobileNumber
    /// Which PIN to activate.
    public var kind: PINKind
    /// Where the cardholder is.
    public var channel: ActivationChannel

    /// Collects the fields.
    public init(card: CardReference, mobile: MobileNumber, kind: PINKind, channel: ActivationChannel) {
        self.card = card
        self.mobile = mobile
        self.kind = kind
        self.channel = channel
    }
}

/// What the channel shows the cardholder; the SMS part is in the outbox, addressed to the registered mobile.
public struct ActivationResult: Sendable, Hashable {
    /// The ticket's serial.
    public var serial: TicketSerial
    /// The part for the receipt or screen.
    public var receipt: ReceiptPart
    /// The QR payload (serial + screen part), for the internet bank only.
    public var qrPayload: String?
    /// When the activation expires (Unix seconds).
    public var expiresAt: Int64
    /// The masked mobile the SMS part is sent to.
    public var sentTo: String
    /// The card's number, masked.
    public var maskedPAN: String
    /// The issuing bank's English name.
    public var bankName: String
    /// The issuing bank's Persian name.
    public var bankPersianName: String
}

extension Issuer {
    /// Starts an activation: checks the card, its registered mobile and its block, closes older open activations of
    /// the same kind, keeps a ticket with the sealed activation key (and the SMS part's keyed digest, for an
    /// activation without an app), and puts the SMS part, addressed to the registered mobile, in the outbox in the
    /// same transaction (it is sent even if the gateway is down now, until the ticket expires).
    ///
    /// - Throws: ``IssuerError/unknownCard``, ``IssuerError/mobileMismatch`` or ``IssuerError/cardBlocked``.
    public func activate(_ request: ActivationRequest) async throws -> ActivationResult {
        let now = clock.now()
        var generator = RandomSourceGenerator(source: random)
        let code = ActivationCode(receipt: .random(using: &generator), sms: .random(using: &generator))
        let serial = TicketSerial.random(using: &generator)
        let sealedKey = try seal(code.activationKey.withUnsafeBytes { Array($0) }, context: "ticket:\(serial)")
        let smsDigest = try smsPartDigest(code.sms, serial: serial.digits)
        let expiresAt = now + policy.activationLifetime
        let attempts = policy.activationAttempts
        let issuer = self
        let card = try await change(request.card.fingerprint) { state in
            let ticket = ActivationTicket(
                serial: serial.digits,
                lookupID: code.lookupID,
                cardID: state.card.id,
                kind: request.kind,
                channel: request.channel,
                sealedActivationKey: sealedKey,
                createdAt: now,
                expiresAt: expiresAt,
                attemptsLeft: attempts,
                closedAt: nil,
                smsPartDigest: smsDigest
            )
            let sms = try issuer.activationSMS(
                to: state.card,
                kind: request.kind,
                code: code.sms,
                serial: serial,
                now: now,
                expiresAt: expiresAt
            )
            return state.startActivation(request, ticket: ticket, sms: sms, now: now)
        }
        return ActivationResult(
            serial: serial,
            receipt: code.receipt,
            qrPayload: request.channel == .internetBank
                ? ActivationReference(serial: serial, receipt: code.receipt).qrPayload : nil,
            expiresAt: expiresAt,
            sentTo: card.mobile.masked,
            maskedPAN: card.maskedPAN,
            bankName: card.bankName,
            bankPersianName: card.bankPersianName
        )
    }

    /// The outbox message carrying an activation's SMS part to the card's registered mobile, until `expiresAt`.
    private func activationSMS(
        to card: Card,
        kind: PINKind,
        code: SMSPart,
        serial: TicketSerial,
        now: Int64,
        expiresAt: Int64
    ) throws(IssuerError) -> OutboxMessage {
        let text = templates.render(
            .activation,
            [
                "{bank}": card.bankPersianName, "{kind}": kind == .second ? "رمز دوم پویا" : "رمز اول پویا",
                "{activationCode}": code.grouped, "{serial}": serial.digits,
                "{hours}": DecimalDigits.persian(String(policy.activationLifetime / 3600)),
            ]
        )
        return try outboxMessage(
            to: card.mobile,
            cardID: card.id,
            purpose: .activation,
            text: text,
            now: now,
            expiresAt: expiresAt
        )
    }

    /// The keyed digest an SMS part is kept as, bound to its ticket's serial.
    func smsPartDigest(_ part: SMSPart, serial: String) throws(IssuerError) -> String {
        try vault.issuerDigest(of: Array("activation-sms|\(serial)|\(part.digits)".utf8))
    }
}
