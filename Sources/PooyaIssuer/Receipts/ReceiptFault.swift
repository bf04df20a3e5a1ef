/// Why a receipt was not accepted. The raw values are stable and machine-readable.
public enum ReceiptFault: String, Sendable, Hashable, CaseIterable {
    /// Not a receipt: not a compact JWS with a receipt's header and claims.
    case malformed
    /// Signed by a key that is not listed (never this issuer's, or retired long enough that its receipts expired).
    case unknownKey = "unknown_key"
    /// The signature does not match: the receipt was altered, or not signed by this issuer.
    case badSignature = "bad_signature"
    /// Its time to be presented has passed.
    case expired
    /// Genuine, but the issuer has no approval recorded for its transaction (deleted after retention).
    case notFound = "not_found"
}

/// What checking a receipt's signature and expiry found.
public enum ReceiptCheck: Sendable, Hashable {
    /// Signed by a listed key and not expired: what it says.
    case valid(ReceiptClaims)
    /// Not acceptable, and why.
    case invalid(ReceiptFault)
}

/// What presenting a receipt to the issuer found: it is accepted once.
public enum ReceiptRedemption: Sendable, Hashable {
    /// Genuine, unexpired and presented for the first time: it is now redeemed.
    case redeemed(ReceiptClaims)
    /// Genuine, but presented before, at `at` (Unix seconds).
    case alreadyRedeemed(ReceiptClaims, at: Int64)
    /// Not acceptable, and why.
    case invalid(ReceiptFault)
}
