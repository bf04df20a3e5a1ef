/// A verification's receipt is redeemed once: the first presentation marks the recorded approval, every later one
/// finds the mark. The card's lock makes the two presentations of a race one after the other.
enum SingleRedemption {
    /// Marks `decision`'s receipt redeemed at `now`; or, when it was redeemed before, leaves it and returns when.
    static func redeem(_ decision: inout RecordedDecision, now: Int64) -> Int64? {
        if let redeemedAt = decision.receiptRedeemedAt { return redeemedAt }
        decision.receiptRedeemedAt = now
        return nil
    }
}
