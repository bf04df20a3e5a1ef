import Crypto
public import Foundation

/// The keys receipts are checked with, as a JSON Web Key Set (RFC 7517 §5): what `GET /v1/receipts/keys` serves and
/// what `pooya receipt verify --keys FILE` reads, so a switch can check a receipt without asking the issuer.
public struct ReceiptKeySet: Sendable, Hashable {
    private struct Document: Codable {
        var keys: [ReceiptKey.JWK]
    }

    /// The keys.
    public let keys: [ReceiptKey]

    /// A set of `keys`.
    public init(_ keys: [ReceiptKey]) {
        self.keys = keys
    }

    /// The set a JWKS document lists; keys of other types are skipped.
    ///
    /// - Throws: ``KeyVaultError/unavailable(_:)`` when `jwks` is not a JWKS, or lists no Ed25519 key.
    public init(jwks: Data) throws(KeyVaultError) {
        guard let document = try? JSONDecoder().decode(Document.self, from: jwks) else {
            throw .unavailable("the receipt keys are not a JSON Web Key Set")
        }
        keys = document.keys.compactMap(ReceiptKey.init(jwk:))
        guard !keys.isEmpty else { throw .unavailable("the JSON Web Key Set lists no Ed25519 key") }
    }

    /// The set as a JWKS document.
    public var jwks: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings only: encoding cannot fail.
        return (try? encoder.encode(Document(keys: keys.map(\.jwk)))) ?? Data()
    }

    /// Whether `token` is a receipt signed by one of the keys that has not expired at `now`.
    public func check(_ token: String, now: Int64) -> ReceiptCheck {
        guard let jws = CompactJWS(parsing: token), jws.header.alg == "EdDSA",
            jws.header.typ == CompactJWS.receiptType,
            let claims = try? JSONDecoder().decode(ReceiptClaims.self, from: jws.payload)
        else { return .invalid(.malformed) }
        guard let key = keys.first(where: { $0.id == jws.header.kid }) else { return .invalid(.unknownKey) }
        guard key.publicKey.isValidSignature(jws.signature, for: jws.signingInput) else {
            return .invalid(.badSignature)
        }
        guard now < claims.expiresAt else { return .invalid(.expired) }
        return .valid(claims)
    }
}
