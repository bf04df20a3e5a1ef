/// Finds which step (TOTP) or counter (HOTP) of a window a presented code belongs to, in time that does not
/// depend on the code's value.
///
/// Every candidate in the window is computed and compared with ``ConstantTime/equals(_:_:)``; the loop never
/// stops at a match or a mismatch, and the result is chosen without a data-dependent exit. The latest
/// matching candidate wins: accepting an earlier one while a later one has the same code would let the
/// same digits be accepted a second time.
public enum CodeMatcher {
    /// The latest candidate in `candidates` whose code equals `presented`, or `nil`.
    ///
    /// `presented` may be written with Persian (۰–۹), Arabic-Indic (٠–٩) or Latin digits. Anything that is not
    /// a string of decimal digits matches nothing; its length and form are not secret, so that is decided
    /// before any code is computed.
    public static func matchingStep(
        for presented: some StringProtocol,
        among candidates: ClosedRange<UInt64>,
        code: (UInt64) -> String
    ) -> UInt64? {
        guard let digits = DecimalDigits.latin(presented) else { return nil }
        var found: UInt64 = 0
        var anyMatch: UInt64 = 0
        var candidate = candidates.lowerBound
        while true {
            // An all-ones mask when this candidate matches, zero otherwise; no branch on the comparison.
            let mask = 0 &- UInt64(ConstantTime.equals(code(candidate).utf8, digits.utf8) ? 1 : 0)
            found = (candidate & mask) | (found & ~mask)
            anyMatch |= mask
            guard candidate < candidates.upperBound else { break }
            candidate += 1
        }
        return anyMatch == 0 ? nil : found
    }
}
