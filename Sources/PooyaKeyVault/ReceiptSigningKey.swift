import Crypto
public import Foundation
public import PooyaIssuer

/// A receipt-signing key (Ed25519) as a vault that holds keys in memory keeps it. Its description and mirror show
/// only its public id.
public struct ReceiptSigningKey: Sendable, CustomStringConvertible, CustomReflectable {
    let privateKey: Curve25519.Signing.PrivateKey
    /// The public half, with its id and retirement.
    public let publicKey: ReceiptKey

    /// The key with these 32 private bytes, retired at `retiredAt` when a newer one replaced it.
    ///
    /// - Throws: ``KeyVaultError/unavailable(_:)`` when they are not an Ed25519 private key.
    public init(rawRepresentation: Data, retiredAt: Int64?) throws(KeyVaultError) {
        do { privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation) } catch {
            throw .unavailable("a receipt key is not an Ed25519 private key")
        }
        publicKey = try ReceiptKey(rawRepresentation: privateKey.publicKey.rawRepresentation, retiredAt: retiredAt)
    }

    /// Its id only.
    public var description: String { "ReceiptSigningKey(\(publicKey.id))" }
    /// Redacted: `dump` shows no key.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
