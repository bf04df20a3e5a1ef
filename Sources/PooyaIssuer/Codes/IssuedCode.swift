public import PooyaProtocol

/// A one-time code the issuer made and sent (by SMS) or showed (by USSD), kept only as a keyed digest.
public struct IssuedCode: Sendable, Hashable {
    /// How the code reached the cardholder. The raw values are stored.
    public enum Channel: String, Sendable, Hashable {
        /// By SMS, asked for by the cardholder's own SMS.
        case sms
        /// On the USSD screen.
        case ussd
        /// By SMS, asked for by the payment gateway for one payment.
        case challenge
    }

    /// The payment a gateway's code is bound to: it is valid for this transaction, amount and merchant only.
    public struct Binding: Sendable, Hashable {
        /// The gateway's transaction id, which the verification must repeat.
        public var transactionID: String
        /// The amount in rials.
        public var amount: Int64
        /// The merchant's id.
        public var merchantID: String
        /// What the payment is.
        public var transactionType: TransactionType

        /// Collects the fields.
        public init(
            transactionID: String,
            amount: Int64,
            merchantID: String,
            transactionType: TransactionType = .purchase
        ) {
            self.transactionID = transactionID
            self.amount = amount
            self.merchantID = merchantID
            self.transactionType = transactionType
        }
    }

    /// The code's id (`cod_` and 32 hex digits).
    public var id: String
    /// The card.
    public var cardID: String
    /// Which PIN it stands for.
    public var kind: PINKind
    /// How it reached the cardholder.
    public var channel: Channel
    /// The keyed digest of the card id and the code: the code itself is never stored.
    public var codeDigest: String
    /// The payment it is bound to, for a gateway's code.
    public var binding: Binding?
    /// When it was made (Unix seconds).
    public var issuedAt: Int64
    /// From this Unix time on it is refused as expired.
    public var expiresAt: Int64
    /// When a verification accepted it; it is never accepted again.
    public var usedAt: Int64?

    /// Collects the fields, as the issuer makes a code and a store reads one back.
    public init(
        id: String,
        cardID: String,
        kind: PINKind,
        channel: Channel,
        codeDigest: String,
        binding: Binding?,
        issuedAt: Int64,
        expiresAt: Int64,
        usedAt: Int64?
    ) {
        self.id = id
        self.cardID = cardID
        self.kind = kind
        self.channel = channel
        self.codeDigest = codeDigest
        self.binding = binding
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}
