public import PooyaProtocol

/// What the payment switch presented as the PIN.
public enum PresentedPIN: Sendable, Hashable {
    /// A dynamic code (from the app, SMS or USSD), or an amount-capped code, normalised at the edge.
    case dynamicCode(PresentedCode)
    /// The card's static PIN; the switch verifies it itself, the issuer only says whether it is still allowed.
    case staticPIN
}

/// Why a verification was refused. The raw values are stable and machine-readable.
public enum RejectionReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// No code of the card's token, and no code sent to the card, matches.
    case invalidCode = "invalid_code"
    /// The code belonged to a step that has passed the allowed window.
    case expired
    /// The code was accepted before.
    case replayed
    /// Too many consecutive wrong codes: the card's dynamic PIN of this kind needs a new activation.
    case locked
    /// The card has no active token of this kind, and no code was sent to it.
    case notActivated = "not_activated"
    /// The bank has blocked the card: nothing is approved, by any code or the static PIN.
    case cardBlocked = "card_blocked"
    /// The cardholder suspended the card's dynamic PINs: nothing is approved until a new activation.
    case cardSuspended = "card_suspended"
    /// The static second PIN was presented, but the card's dynamic second PIN is active.
    case staticPINDisabled = "static_pin_disabled"
    /// An amount-capped code whose cap is below the payment's amount.
    case amountAboveCap = "amount_above_cap"
    /// A code of the card's other PIN kind.
    case wrongKind = "wrong_kind"
    /// A gateway's code presented for another transaction than the one it was sent for.
    case transactionMismatch = "transaction_mismatch"
    /// A gateway's code presented for another amount than the one its SMS named.
    case amountMismatch = "amount_mismatch"
    /// A gateway's code presented for another merchant than the one its SMS named.
    case merchantMismatch = "merchant_mismatch"
    /// A gateway's code presented for another kind of payment (a transfer, say) than the one its SMS named.
    case transactionTypeMismatch = "transaction_type_mismatch"
    /// A code right for a step near the window but outside it: the phone's clock is off (``VerificationDecision/clockDrift(seconds:attemptsLeft:)``).
    case clockDrift = "clock_drift"
}

/// The issuer's answer to a verification.
public enum VerificationDecision: Sendable, Hashable, Codable {
    /// The code is right: the payment may go on.
    case approved
    /// The static PIN was presented and is still allowed for this card and kind; the switch checks it itself.
    case staticPINAllowed
    /// Refused, with the reason and how many wrong codes remain before the lock (0 once locked).
    case rejected(RejectionReason, attemptsLeft: Int)
    /// Refused because the code is right for a time `seconds` away from now (positive: the phone's clock is ahead,
    /// negative: behind): the cardholder should set the phone's clock to automatic. Counted as a wrong code.
    case clockDrift(seconds: Int64, attemptsLeft: Int)
}

/// A verification as the payment switch asks it.
public struct VerificationRequest: Sendable, Hashable {
    /// The card, with its fingerprint.
    public var card: CardReference
    /// What was presented.
    public var pin: PresentedPIN
    /// Which PIN it stands for.
    public var kind: PINKind
    /// The payment's amount in rials.
    public var amount: Int64
    /// The merchant's id.
    public var merchantID: String
    /// The switch's transaction id; a retry with the same id gets the same decision and counts once.
    public var transactionID: String
    /// What the payment is; a gateway's code pays only the type its SMS named.
    public var transactionType: TransactionType

    /// Collects the fields.
    public init(
        card: CardReference,
        pin: PresentedPIN,
        kind: PINKind,
        amount: Int64,
        merchantID: String,
        transactionID: String,
        transactionType: TransactionType = .purchase
    ) {
        self.transactionType = transactionType
        self.card = card
        self.pin = pin
        self.kind = kind
        self.amount = amount
        self.merchantID = merchantID
        self.transactionID = transactionID
    }
}

/// A decision kept for its transaction id, with a digest of the request it answered.
public struct RecordedDecision: Sendable, Hashable, Codable {
    /// The switch's transaction id.
    public var transactionID: String
    /// The issuer's keyed digest (HMAC-SHA-256) of the request's card, kind, presented PIN, amount, merchant and type,
    /// its first 128 bits in hex; tells a retry from a reuse. A decision recorded before it was shortened has kept
    /// its first half too (SQLite's v15, PostgreSQL's v8).
    public var requestDigest: String
    /// The decision given.
    public var decision: VerificationDecision
    /// How an approval's PIN was proved, which its receipt names; `nil` for a refusal, and for an approval recorded
    /// before receipts existed (a retry of it gets no receipt).
    public var method: ApprovalMethod?
    /// When it was given (Unix seconds).
    public var decidedAt: Int64
    /// When the approval's receipt was redeemed (``Issuer/redeemReceipt(_:)``); `nil` until then.
    public var receiptRedeemedAt: Int64?

    /// Collects the fields, as the issuer records a decision and a store reads one back.
    public init(
        transactionID: String,
        requestDigest: String,
        decision: VerificationDecision,
        method: ApprovalMethod? = nil,
        decidedAt: Int64,
        receiptRedeemedAt: Int64? = nil
    ) {
        self.transactionID = transactionID
        self.requestDigest = requestDigest
        self.decision = decision
        self.method = method
        self.decidedAt = decidedAt
        self.receiptRedeemedAt = receiptRedeemedAt
    }
}
