import Crypto
import OneTimePassword
public import PooyaProtocol

/// A cardholder's request for a dynamic PIN, as the ATM host, internet bank or branch system passes it on.
public struct ActivationRequest: Sendable, Hashable {
    /// The card.
    public var pan: PAN
    /// The mobile number the cardholder typed; it must be the card's registered one.
    public var mobile: MobileNumber
    /// Which PIN to activate.
    public var kind: PINKind
    /// Where the cardholder is.
    public var channel: ActivationChannel

    /// Collects the fields.
    public init(pan: PAN, mobile: MobileNumber, kind: PINKind, channel: ActivationChannel) {
        self.pan = pan
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
}

extension Issuer {
    /// Starts an activation: checks the card, its registered mobile and its block, closes older open activations of
    /// the same kind, keeps a ticket with the sealed activation key, and puts the SMS part, addressed to the registered
    /// mobile, in the outbox in the same transaction (it is sent even if the gateway is down now, until the ticket
    /// expires).
    ///
    /// - Throws: ``IssuerError/unknownCard``, ``IssuerError/mobileMismatch`` or ``IssuerError/cardBlocked``.
    public func activate(_ request: ActivationRequest) async throws -> ActivationResult {
        let fingerprint = vault.fingerprint(of: request.pan)
        let now = clock.now()
        var generator = RandomSourceGenerator(source: random)
        let code = ActivationCode(receipt: .random(using: &generator), sms: .random(using: &generator))
        let serial = TicketSerial.random(using: &generator)
        let sealedKey = try seal(code.activationKey.withUnsafeBytes { Array($0) }, context: "ticket:\(serial)")
        let expiresAt = now + policy.activationLifetime
        let attempts = policy.activationAttempts
        let hours = Int(policy.activationLifetime / 3600)
        let issuer = self
        let card = try await store.withCard(fingerprint, transactionID: nil) { state in
            guard var current = state else { throw IssuerError.unknownCard }
            guard current.card.mobile == request.mobile else {
                current.events = [AuditEvent(.activationRejected, card: fingerprint, kind: request.kind,
                                             channel: request.channel.rawValue, reason: "mobile_mismatch", time: now)]
                state = current
                return Result<Card, IssuerError>.failure(.mobileMismatch)
            }
            guard !current.card.options.blocked else {
                current.events = [AuditEvent(.activationRejected, card: fingerprint, kind: request.kind,
                                             channel: request.channel.rawValue, reason: "card_blocked", time: now)]
                state = current
                return .failure(.cardBlocked)
            }
            for index in current.tickets.indices
            where current.tickets[index].kind == request.kind && current.tickets[index].closedAt == nil {
                current.tickets[index].closedAt = now
                current.events.append(AuditEvent(.activationSuperseded, card: fingerprint, kind: request.kind,
                                                 reason: current.tickets[index].serial, time: now))
            }
            current.tickets.append(ActivationTicket(
                serial: serial.digits, lookupID: code.lookupID, cardID: current.card.id, kind: request.kind,
                channel: request.channel, sealedActivationKey: sealedKey, createdAt: now, expiresAt: expiresAt,
                attemptsLeft: attempts, closedAt: nil
            ))
            current.outgoingSMS.append(try issuer.outboxMessage(
                to: current.card.mobile, cardID: current.card.id, purpose: .activation,
                text: Self.activationText(bank: current.card.bankPersianName, kind: request.kind, code: code.sms,
                                          serial: serial, hours: hours),
                now: now, expiresAt: expiresAt))
            current.events.append(AuditEvent(.activationStarted, card: fingerprint, kind: request.kind,
                                             channel: request.channel.rawValue, reason: serial.digits, time: now))
            state = current
            return .success(current.card)
        }.get()
        return ActivationResult(
            serial: serial,
            receipt: code.receipt,
            qrPayload: request.channel == .internetBank
                ? ActivationReference(serial: serial, receipt: code.receipt).qrPayload : nil,
            expiresAt: expiresAt,
            sentTo: card.mobile.masked
        )
    }

    /// The activation SMS, in Persian: the bank, the PIN kind, the SMS part in groups of four (Latin digits, so it
    /// pastes into any app), the serial, how long it lasts and the advice never to share it.
    static func activationText(bank: String, kind: PINKind, code: SMSPart, serial: TicketSerial, hours: Int) -> String {
        let pin = kind == .second ? "رمز دوم پویا" : "رمز اول پویا"
        return """
            \(bank)
            کد فعال‌سازی \(pin): \(code.grouped)
            شماره پیگیری: \(serial.digits)
            این کد تا \(DecimalDigits.persian(String(hours))) ساعت معتبر است. آن را به هیچ‌کس ندهید.
            """
    }
}
