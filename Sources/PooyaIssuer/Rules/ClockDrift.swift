import PooyaProtocol

/// A phone whose clock is off is told apart from a wrong code: a code wrong for the allowed window but right for a
/// step at most ``IssuerPolicy/clockDriftSteps`` steps from it is refused with its own reason (`clock_drift`, with
/// the direction and the time), and still counts as a wrong code. Two such codes in a row at the same offset teach
/// the token that offset (OneSpan's stored time shift, privacyIDEA's autosync): later codes are checked against the
/// window shifted by it. A code at or before the step accepted last is never taken for drift, so no used code comes
/// back this way.
enum ClockDrift {
    /// The offset in steps from `current` (positive: the phone is ahead) of the step outside `window`, at most
    /// `steps` away and after `lastAccepted`, whose code `code` is; `nil` when there is none.
    static func offset(
        of code: String,
        generator: TokenGenerator,
        around current: UInt64,
        window: ClosedRange<UInt64>,
        steps: Int,
        after lastAccepted: UInt64?
    ) -> Int64? {
        guard steps > 0 else { return nil }
        let reach = UInt64(steps)
        let earliest = max(current >= reach ? current - reach : 0, lastAccepted.map { $0 + 1 } ?? 0)
        var found: UInt64?
        if earliest < window.lowerBound {
            found = generator.matchingStep(for: code, among: earliest...(window.lowerBound - 1))
        }
        if found == nil, window.upperBound < current + reach {
            found = generator.matchingStep(for: code, among: (window.upperBound + 1)...(current + reach))
        }
        return found.map { Int64(bitPattern: $0) - Int64(bitPattern: current) }
    }

    /// Records a code refused for drift at `offset` on `token`: the second in a row at the same offset shifts the
    /// token's clock by it, when `resync` is on.
    static func record(_ offset: Int64, on token: inout Token, resync: Bool) {
        if resync, token.pendingDrift == offset {
            token.stepOffset += offset
            token.pendingDrift = nil
        } else {
            token.pendingDrift = offset
        }
    }

    /// Forgets a pending drift: the codes in a row are broken by any other code.
    static func reset(_ token: inout Token) {
        token.pendingDrift = nil
    }
}
