/// A card is sent at most the policy's codes a minute and an hour (2 and 10 by default) over all channels — SMS,
/// USSD and gateways — counted from the codes stored with the card, so the limit holds across nodes.
enum CodeLimits {
    /// Seconds until another code may be issued at `now`, or `nil` when one may be issued now.
    static func retryAfter(_ codes: [IssuedCode], policy: IssuerPolicy, now: Int64) -> Int64? {
        for (window, limit) in [(Int64(60), policy.issuedCodesPerMinute), (3600, policy.issuedCodesPerHour)] {
            let recent = codes.filter { $0.issuedAt > now - window }
            if recent.count >= limit, let oldest = recent.map(\.issuedAt).min() {
                return max(1, oldest + window - now)
            }
        }
        return nil
    }
}
