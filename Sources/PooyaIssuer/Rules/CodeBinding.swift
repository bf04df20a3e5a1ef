/// A code a payment gateway asked for is valid for that payment only: its transaction, its amount, its merchant and
/// its type (the Central Bank's rule since 1399, and PSD2's dynamic linking). Each mismatch counts as a wrong code.
enum CodeBinding {
    /// The rejection for presenting a code bound to `binding` in `request`, or `nil` when it matches (or is unbound).
    static func rejection(_ binding: IssuedCode.Binding?, for request: VerificationRequest) -> RejectionReason? {
        guard let binding else { return nil }
        if binding.transactionID != request.transactionID { return .transactionMismatch }
        if binding.amount != request.amount { return .amountMismatch }
        if binding.merchantID != request.merchantID { return .merchantMismatch }
        if binding.transactionType != request.transactionType { return .transactionTypeMismatch }
        return nil
    }
}
