public import Crypto
public import Foundation

/// The public half of a receipt-signing key (Ed25519), as a JSON Web Key Set lists it: anyone may hold it to check
/// receipts. Its id is its RFC 7638 thumbprint, so the same key has the same id on every node.
public struct ReceiptKey: Sendable, Hashable {
    /// The key as a JWK (RFC 8037's `OKP` type, curve `Ed25519`).
    public struct JWK: Codable, Hashable, Sendable {
        /// `OKP`.
        public var kty: String
        /// `Ed25519`.
        public var crv: String
        /// The public key's 32 bytes, base64url.
        public var x: String
        /// The key's id.
        public var kid: String?
        /// `sig`.
        public var use: String?
        /// `EdDSA`.
        public var alg: String?
    }

    /// The public key.
    public let publicKey: Curve25519.Signing.PublicKey
    /// When a newer key replaced it (Unix seconds); `nil` while it signs.
    public let retiredAt: Int64?
    /// The key's id: its RFC 7638 thumbprint.
    public let id: String

    /// The key with these 32 bytes.
    ///
    /// - Throws: ``KeyVaultError/unavailable(_:)`` when they are not an Ed25519 public key.
    public init(rawRepresentation: Data, retiredAt: Int64? = nil) throws(KeyVaultError) {
        do { publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) } catch {
            throw .unavailable("a receipt key is not an Ed25519 public key")
        }
        self.retiredAt = retiredAt
        let x = Base64URL.encode(publicKey.rawRepresentation)
        let thumbprint = SHA256.hash(data: Data(#"{"crv":"Ed25519","kty":"OKP","x":"\#(x)"}"#.utf8))
        id = Base64URL.encode(Array(thumbprint))
    }

    /// The key read from a JWK.
    ///
    /// - Returns: `nil` when the JWK is not an Ed25519 key, or names an id other than its thumbprint.
    public init?(jwk: JWK) {
        guard jwk.kty == "OKP", jwk.crv == "Ed25519", jwk.alg == nil || jwk.alg == "EdDSA",
            let raw = Base64URL.decode(jwk.x), let key = try? ReceiptKey(rawRepresentation: raw),
            jwk.kid == nil || jwk.kid == key.id
        else { return nil }
        self = key
    }

    /// The key as a JWK, with its id.
    public var jwk: JWK {
        JWK(
            kty: "OKP",
            crv: "Ed25519",
            x: Base64URL.encode(publicKey.rawRepresentation),
            kid: id,
            use: "sig",
            alg: "EdDSA"
        )
    }

    /// Equal when the public keys are.
    public static func == (lhs: ReceiptKey, rhs: ReceiptKey) -> Bool { lhs.id == rhs.id }

    /// Hashes the id.
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
