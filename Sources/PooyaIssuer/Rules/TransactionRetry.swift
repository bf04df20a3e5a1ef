import OneTimePassword

/// What a verification for a transaction id that already has a decision gets. The same request again (a switch's
/// retry after a timeout) gets the recorded decision and counts once. Another request after a refusal is decided
/// anew: the cardholder typed another code for the same payment (the payment page's retry), and each such attempt
/// counts towards the lock like any wrong code. Another request after a decision that let the payment go on is an
/// error: that transaction id is spent.
enum TransactionRetry {
    /// What to do with a request whose digest is `digest` when `recorded` is the transaction's decision.
    enum Outcome: Equatable {
        /// Answer the recorded decision.
        case answerRecorded
        /// Decide the request, replacing the recorded refusal.
        case decideAgain
        /// Refuse the request: ``IssuerError/transactionIDReused``.
        case reused
    }

    /// The outcome for a request with `digest` for a transaction whose decision is `recorded`.
    static func outcome(of recorded: RecordedDecision, digest: String) -> Outcome {
        if ConstantTime.equals(recorded.requestDigest.utf8, digest.utf8) { return .answerRecorded }
        switch recorded.decision {
        case .approved, .staticPINAllowed: return .reused
        case .rejected, .clockDrift: return .decideAgain
        }
    }
}
