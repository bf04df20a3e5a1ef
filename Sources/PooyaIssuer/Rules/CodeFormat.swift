import PooyaProtocol

/// A presented code must look like a code of its kind before it may touch the card: a run of digits (any digit set)
/// as long as a code of that kind can be under the policy's safe bounds (second PIN 7–8 digits, first PIN 4–8, which
/// covers tokens made under an earlier policy and the codes the issuer texts), or an amount-capped code's 12 digits.
/// Anything else (5,000 digits, letters) is a malformed request: refused with no decision recorded and no failure
/// counted, like a request with a card number that fails its check digit.
enum CodeFormat {
    /// Whether `code` could be a code of `kind`.
    static func isPlausible(_ code: PresentedCode, kind: PINKind) -> Bool {
        guard let digits = code.digits else { return false }
        return IssuerPolicy.safeDigits(for: kind).contains(digits.count) || digits.count == CappedCode.length
    }
}
