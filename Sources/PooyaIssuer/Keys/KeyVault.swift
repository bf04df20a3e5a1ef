public import Foundation

/// A secret encrypted under one of the issuer's master keys: AES-256-GCM, with the key's id so keys can rotate.
public struct SealedSecret: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Which master key sealed it.
    public var keyID: UInt32
    /// Nonce, ciphertext and tag, as AES-GCM's combined representation.
    public var combined: Data

    /// Collects the fields, as a store reads them back.
    public init(keyID: UInt32, combined: Data) {
        self.keyID = keyID
        self.combined = combined
    }

    /// The key id only.
    public var description: String { "SealedSecret(key \(keyID))" }
}

/// Where the issuer's keys live: it seals and opens secrets (seeds, activation keys), fingerprints card numbers,
/// signs verification receipts and opens PIN blocks under zone PIN keys. A file-based vault now; an HSM later. No
/// operation hands a private or secret key out.
public protocol KeyVault: Sendable {
    /// Encrypts `secret` under the newest master key, bound to `context` (such as `token:<id>`), so a sealed value
    /// copied to another record does not open.
    func seal(_ secret: [UInt8], context: String) throws(KeyVaultError) -> SealedSecret

    /// The id of the master key ``seal(_:context:)`` uses: the newest.
    var sealingKeyID: UInt32 { get }

    /// Decrypts a secret sealed under any master key still in the vault, with the same `context`.
    func open(_ sealed: SealedSecret, context: String) throws(KeyVaultError) -> [UInt8]

    /// A keyed digest of `bytes` (HMAC-SHA-256 under a key that does not rotate), in hex: card fingerprints and
    /// request digests, which must not be recomputable without the vault.
    ///
    /// - Throws: ``KeyVaultError/unavailable(_:)`` when the vault cannot make one now (an HSM gone): never a digest
    ///   that is not the one, which would name the wrong card.
    func keyedDigest(of bytes: [UInt8]) throws(KeyVaultError) -> String

    /// The public halves of the receipt-signing keys, oldest first: the last one signs new receipts, the others are
    /// retired (each says when) and still check the receipts they signed.
    var receiptKeys: [ReceiptKey] { get }

    /// The Ed25519 signature of `message` by the receipt key with id `keyID`.
    ///
    /// - Throws: ``KeyVaultError/unknownReceiptKey(_:)`` when the vault has no such key.
    func signReceipt(_ message: [UInt8], keyID: String) throws(KeyVaultError) -> [UInt8]

    /// The zone PIN keys the vault holds, by id, with their check values.
    var zoneKeys: [ZoneKeyInfo] { get }

    /// The PIN in an ISO 9564 PIN block, deciphered under the zone PIN key the block names and read against the
    /// card number `pan` (``ISO9564``). The block's bytes and the key stay inside; only the PIN comes out.
    ///
    /// - Throws: ``PINBlockFault/unknownZoneKey`` when the vault has no such key for the format's cipher;
    ///   ``PINBlockFault/undecipherable`` or ``PINBlockFault/panMismatch``.
    func openPINBlock(_ block: EncipheredPINBlock, pan: PAN) throws(PINBlockFault) -> PresentedCode
}

extension KeyVault {
    /// ``keyedDigest(of:)`` as the issuer's use cases need it: a vault that cannot make one now is
    /// ``IssuerError/keyVault(_:)``, which the service answers as `key_vault_unavailable`.
    func issuerDigest(of bytes: [UInt8]) throws(IssuerError) -> String {
        do { return try keyedDigest(of: bytes) } catch { throw .keyVault(error) }
    }

    /// The keyed fingerprint of a card number.
    public func fingerprint(of pan: PAN) throws(KeyVaultError) -> CardFingerprint {
        CardFingerprint(hex: try keyedDigest(of: Array("pan:\(pan.digits)".utf8)))
    }
}

/// Why the vault could not seal or open a secret.
public enum KeyVaultError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The secret was sealed under a master key the vault no longer has.
    case unknownKey(UInt32)
    /// No receipt-signing key with this id is in the vault.
    case unknownReceiptKey(String)
    /// The sealed bytes fail authentication: damaged, tampered with, or opened with the wrong context.
    case authenticationFailed
    /// The vault's keys could not be read or are malformed.
    case unavailable(String)

    /// A message without key material.
    public var description: String {
        switch self {
        case .unknownKey(let id): "no master key with id \(id) is in the vault"
        case .unknownReceiptKey(let id): "no receipt key with id \(id) is in the vault"
        case .authenticationFailed: "a sealed secret failed authentication"
        case .unavailable(let reason): "the key vault is unavailable: \(reason)"
        }
    }
}
