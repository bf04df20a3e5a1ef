/// An SMS in the outbox: written in the same transaction as the change that asks for it, then sent by the
/// ``SMSDispatcher``, retried while the gateway is down, and never sent after it expires.
public struct OutboxMessage: Sendable, Hashable {
    /// The message's id (`sms_` and 32 hex digits); delivery reports name it.
    public var id: String
    /// The card it concerns, if any (a neutral answer to an unknown sender concerns none).
    public var cardID: String?
    /// The recipient.
    public var to: MobileNumber
    /// Why it is sent.
    public var purpose: SMSMessage.Purpose
    /// The text, sealed under the master key with context `sms:<id>`: it may carry an activation part or a code.
    public var sealedText: SealedSecret
    /// When it was written (Unix seconds).
    public var createdAt: Int64
    /// After this Unix time it is useless (its code or activation expired) and is not sent.
    public var expiresAt: Int64
    /// Where it stands.
    public var status: OutboxStatus
    /// Tries so far.
    public var attempts: Int
    /// When the next try is due (Unix seconds); a claimed message is leased until then.
    public var nextAttemptAt: Int64
    /// Why the last try failed: the gateway's status and answer, never the text.
    public var lastError: String?
    /// When the gateway accepted it.
    public var sentAt: Int64?
    /// The latest delivery report.
    public var delivery: DeliveryStatus?
    /// When the latest delivery report came.
    public var deliveryAt: Int64?

    /// A new message, due at once.
    public init(
        id: String,
        cardID: String?,
        to: MobileNumber,
        purpose: SMSMessage.Purpose,
        sealedText: SealedSecret,
        createdAt: Int64,
        expiresAt: Int64
    ) {
        self.init(
            id: id,
            cardID: cardID,
            to: to,
            purpose: purpose,
            sealedText: sealedText,
            createdAt: createdAt,
            expiresAt: expiresAt,
            status: .queued,
            attempts: 0,
            nextAttemptAt: createdAt,
            lastError: nil,
            sentAt: nil,
            delivery: nil,
            deliveryAt: nil
        )
    }

    /// Collects every field, as a store reads a message back.
    public init(
        id: String,
        cardID: String?,
        to: MobileNumber,
        purpose: SMSMessage.Purpose,
        sealedText: SealedSecret,
        createdAt: Int64,
        expiresAt: Int64,
        status: OutboxStatus,
        attempts: Int,
        nextAttemptAt: Int64,
        lastError: String?,
        sentAt: Int64?,
        delivery: DeliveryStatus?,
        deliveryAt: Int64?
    ) {
        self.id = id
        self.cardID = cardID
        self.to = to
        self.purpose = purpose
        self.sealedText = sealedText
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.sentAt = sentAt
        self.delivery = delivery
        self.deliveryAt = deliveryAt
    }
}

/// Where an outbox message stands. The raw values are stored and shown in metrics.
public enum OutboxStatus: String, Sendable, Hashable, CaseIterable {
    /// Waiting to be sent, or to be tried again.
    case queued
    /// Accepted by the gateway.
    case sent
    /// Not sent before it expired.
    case expired
}

/// What a delivery report (Kannel's DLR) said. The raw values are stored and shown in metrics.
public enum DeliveryStatus: String, Sendable, Hashable, CaseIterable {
    /// Delivered to the phone (Kannel 1).
    case delivered
    /// Not delivered to the phone (Kannel 2).
    case undelivered
    /// Queued at the operator's SMSC (Kannel 4).
    case buffered
    /// Accepted by the operator's SMSC (Kannel 8).
    case acceptedBySMSC = "accepted_by_smsc"
    /// Refused by the operator's SMSC (Kannel 16).
    case rejectedBySMSC = "rejected_by_smsc"

    /// The status of Kannel's `%d` DLR value, or `nil` for a value Kannel does not send.
    public init?(kannelCode: Int) {
        switch kannelCode {
        case 1: self = .delivered
        case 2: self = .undelivered
        case 4: self = .buffered
        case 8: self = .acceptedBySMSC
        case 16: self = .rejectedBySMSC
        default: return nil
        }
    }

    /// Whether no later report can change it: an intermediate report arriving late never replaces a final one.
    public var isFinal: Bool {
        self == .delivered || self == .undelivered || self == .rejectedBySMSC
    }
}
