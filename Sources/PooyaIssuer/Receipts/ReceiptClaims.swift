import Crypto
public import PooyaProtocol

/// What a verification receipt says, signed: which issuer approved which payment of which card, how, when, and until
/// when the receipt may be presented. No code and no full card number; the card appears by its id and masked number.
///
/// The JSON names are short, as JWT claims are (`iss`, `sub`, `iat`, `exp` are RFC 7519's own).
public struct ReceiptClaims: Sendable, Hashable, Codable {
    /// What was decided.
    public enum Decision: String, Sendable, Hashable, Codable {
        /// The code was right.
        case approved
        /// The static PIN is still allowed; the switch checks it itself.
        case staticPINAllowed = "static_pin_allowed"
    }

    /// The issuer that signed it (`receipts.issuer`).
    public var issuer: String
    /// The card's id.
    public var cardID: String
    /// The card number, masked.
    public var maskedPAN: String
    /// The switch's transaction id.
    public var transactionID: String
    /// The amount in rials.
    public var amount: Int64
    /// The merchant's id.
    public var merchantID: String
    /// What the payment is.
    public var transactionType: TransactionType
    /// Which PIN was verified.
    public var kind: PINKind
    /// What was decided.
    public var decision: Decision
    /// How the PIN was proved.
    public var method: ApprovalMethod
    /// When the decision was made (Unix seconds).
    public var issuedAt: Int64
    /// From this Unix time on the receipt is refused as expired.
    public var expiresAt: Int64

    enum CodingKeys: String, CodingKey {
        case issuer = "iss"
        case cardID = "sub"
        case maskedPAN = "pan"
        case transactionID = "txn"
        case amount = "amt"
        case merchantID = "mer"
        case transactionType = "ttp"
        case kind = "knd"
        case decision = "dec"
        case method = "mth"
        case issuedAt = "iat"
        case expiresAt = "exp"
    }

    /// Collects the fields.
    public init(
        issuer: String,
        cardID: String,
        maskedPAN: String,
        transactionID: String,
        amount: Int64,
        merchantID: String,
        transactionType: TransactionType,
        kind: PINKind,
        decision: Decision,
        method: ApprovalMethod,
        issuedAt: Int64,
        expiresAt: Int64
    ) {
        self.issuer = issuer
        self.cardID = cardID
        self.maskedPAN = maskedPAN
        self.transactionID = transactionID
        self.amount = amount
        self.merchantID = merchantID
        self.transactionType = transactionType
        self.kind = kind
        self.decision = decision
        self.method = method
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }

    /// The claims of the receipt for `decision` on `card`, given by `method` at `decidedAt`; `nil` for a decision that
    /// approves nothing. The same decision always gives the same claims, so a retry's receipt is the first one's.
    static func of(
        _ decision: VerificationDecision,
        method: ApprovalMethod?,
        card: Card,
        request: VerificationRequest,
        decidedAt: Int64,
        policy: IssuerPolicy
    ) -> ReceiptClaims? {
        let signed: Decision
        switch decision {
        case .approved: signed = .approved
        case .staticPINAllowed: signed = .staticPINAllowed
        case .rejected, .clockDrift: return nil
        }
        guard let method else { return nil }
        return ReceiptClaims(
            issuer: policy.receiptIssuer,
            cardID: card.id,
            maskedPAN: card.maskedPAN,
            transactionID: request.transactionID,
            amount: request.amount,
            merchantID: request.merchantID,
            transactionType: request.transactionType,
            kind: request.kind,
            decision: signed,
            method: method,
            issuedAt: decidedAt,
            expiresAt: decidedAt + policy.receiptLifetime
        )
    }

    /// The claims as the receipt's payload: JSON with its keys in order, the same bytes for the same claims.
    public var payload: [UInt8] {
        var json = CanonicalJSON()
        json.member("amt", amount)
        json.member("dec", decision.rawValue)
        json.member("exp", expiresAt)
        json.member("iat", issuedAt)
        json.member("iss", issuer)
        json.member("knd", kind.rawValue)
        json.member("mer", merchantID)
        json.member("mth", method.rawValue)
        json.member("pan", maskedPAN)
        json.member("sub", cardID)
        json.member("ttp", transactionType.rawValue)
        json.member("txn", transactionID)
        return json.closed
    }

    /// The first 16 bytes of the SHA-256 of ``payload``, in base64url (22 characters): what the decision's audit entry
    /// names, so a receipt leads to its entries, in 22 bytes a decision rather than 64.
    public var digest: String {
        Base64URL.encode(SHA256.hash(data: payload).prefix(16))
    }
}
