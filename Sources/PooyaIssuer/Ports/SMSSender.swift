/// An SMS to a cardholder's registered mobile.
public struct SMSMessage: Sendable, Hashable, CustomStringConvertible {
    /// Why the message is sent.
    public enum Purpose: String, Sendable, Hashable {
        /// The SMS part of an activation code.
        case activation
        /// A one-time code the cardholder asked for by SMS.
        case code
        /// A one-time code for one payment, asked for by the payment gateway.
        case challenge
        /// An answer that carries no secret (to a request that matched no card).
        case notice
        /// The confirmation that the cardholder suspended a card's dynamic PINs, with the way back.
        case suspension
        /// The notice that wrong codes locked a card's dynamic PIN, with the way back.
        case lock
    }

    /// The outbox message's id, which the gateway's delivery reports name; `nil` for a message sent directly.
    public var id: String?
    /// The recipient.
    public var to: MobileNumber
    /// The text, in Persian; it may carry a secret (an activation part), so it is never logged.
    public var text: String
    /// Why it is sent.
    public var purpose: Purpose
    /// After this Unix time the message is useless and must not be sent late.
    public var expiresAt: Int64

    /// Collects the fields.
    public init(id: String? = nil, to: MobileNumber, text: String, purpose: Purpose, expiresAt: Int64) {
        self.id = id
        self.to = to
        self.text = text
        self.purpose = purpose
        self.expiresAt = expiresAt
    }

    /// Recipient (masked) and purpose; never the text.
    public var description: String { "SMS(\(purpose) to \(to.masked))" }
}

/// Sends SMS: a file outbox in development, a gateway (Kannel, an HTTP provider) in production.
public protocol SMSSender: Sendable {
    /// Hands `message` to the gateway, or throws when it could not be accepted.
    func send(_ message: SMSMessage) async throws
}
