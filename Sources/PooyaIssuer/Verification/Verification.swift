/// The issuer's answer to a verification, as the switch receives it: the decision, and for a decision that lets the
/// payment go on, the signed receipt the switch may present again at authorisation.
public struct Verification: Sendable, Hashable {
    /// The decision.
    public var decision: VerificationDecision
    /// The receipt of an approval (or of an allowed static PIN); `nil` for a refusal.
    public var receipt: VerificationReceipt?

    /// Collects the fields.
    public init(decision: VerificationDecision, receipt: VerificationReceipt?) {
        self.decision = decision
        self.receipt = receipt
    }
}

/// A signed verification receipt: the compact JWS the switch is given, and the claims it carries.
public struct VerificationReceipt: Sendable, Hashable {
    /// The receipt as a compact JWS (EdDSA): what the switch stores and presents.
    public var token: String
    /// What it says.
    public var claims: ReceiptClaims

    /// Collects the fields.
    public init(token: String, claims: ReceiptClaims) {
        self.token = token
        self.claims = claims
    }
}
