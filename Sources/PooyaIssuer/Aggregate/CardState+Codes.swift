extension CardState {
    /// Keeps `code`, just made for this card, and puts its SMS (if it is sent by SMS) into the outbox, unless a rule
    /// refuses it: ``CardBlock``, ``CodeEligibility`` (channel offered, activated, not locked), ``CodeLimits``. A
    /// gateway's new code for a transaction replaces the unused one sent for it before.
    ///
    /// - Returns: the card, or the audited refusal.
    mutating func issue(_ code: IssuedCode, sms: OutboxMessage?, policy: IssuerPolicy, now: Int64) -> Result<
        Card, IssuerError
    > {
        let refusal =
            CardBlock.codeRefusal(for: card)
            ?? CodeEligibility.refusal(for: self, channel: code.channel, policy: policy)
            ?? CodeLimits.retryAfter(issuedCodes, policy: policy, now: now).map(IssuerError.tooManyCodes)
        if let refusal {
            record(.codeRefused(code.channel, .refusal(refusal)), at: now)
            return .failure(refusal)
        }
        if let transactionID = code.binding?.transactionID {
            for index in issuedCodes.indices
            where issuedCodes[index].binding?.transactionID == transactionID && issuedCodes[index].usedAt == nil
                && issuedCodes[index].expiresAt > now
            {
                issuedCodes[index].expiresAt = now
            }
        }
        issuedCodes.insert(code, at: 0)
        if let sms { outgoingSMS.append(sms) }
        record(.codeIssued(code.channel), at: now)
        return .success(card)
    }
}
