import Foundation

/// A JSON Web Signature in compact serialization (RFC 7515 §7.1): the protected header, the payload and the
/// signature, each in base64url, joined by dots. The signature covers the first two as they are written.
struct CompactJWS: Sendable {
    /// The protected header a receipt carries: EdDSA (RFC 8037) under the key `keyID`.
    struct Header: Codable, Hashable {
        /// `EdDSA`.
        var alg: String
        /// The signing key's id, its RFC 7638 thumbprint.
        var kid: String
        /// `pooya-receipt+jwt`, or `pooya-audit-checkpoint+jwt` for an audit checkpoint.
        var typ: String
    }

    /// What a receipt's header says in `typ`.
    static let receiptType = "pooya-receipt+jwt"

    /// The protected header.
    let header: Header
    /// The payload's bytes.
    let payload: Data
    /// The signature's bytes.
    let signature: Data
    /// The header and payload segments as written, which the signature covers.
    let signingInput: [UInt8]

    /// Reads a compact JWS.
    ///
    /// - Returns: `nil` when `token` is not three base64url segments with a JSON header.
    init?(parsing token: String) {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3, let headerBytes = Base64URL.decode(segments[0]),
            let header = try? JSONDecoder().decode(Header.self, from: headerBytes),
            let payload = Base64URL.decode(segments[1]), let signature = Base64URL.decode(segments[2])
        else { return nil }
        self.header = header
        self.payload = payload
        self.signature = signature
        signingInput = Array("\(segments[0]).\(segments[1])".utf8)
    }

    /// The header and payload segments of a receipt (or another statement of `type`) signed by `keyID` (a
    /// thumbprint, in base64url), which the signature must cover.
    static func signingInput(payload: [UInt8], keyID: String, type: String = receiptType) -> String {
        var header = CanonicalJSON()
        header.member("alg", "EdDSA")
        header.member("kid", keyID)
        header.member("typ", type)
        return Base64URL.encode(header.closed) + "." + Base64URL.encode(payload)
    }
}
