/// An amount-capped code pays at most its cap, in rials. A payment above it is refused without using the code up
/// and without counting as a wrong code (the cardholder may make a new capped code, or use an ordinary one).
enum AmountCap {
    /// The rejection for paying `amount` with a code capped at `cap`, or `nil` when the amount is within it.
    static func rejection(amount: Int64, cap: Int64) -> RejectionReason? {
        amount > cap ? .amountAboveCap : nil
    }
}
