public import Crypto
import Foundation
import OneTimePassword
public import PooyaIssuer

/// A ``KeyVault`` over keys held in memory: the master keys by id (the newest seals, every one opens), the
/// fingerprint key, the receipt-signing keys (the newest signs) and the zone PIN keys. ``KeyFile`` loads one from
/// disk.
public struct MasterKeyRing: KeyVault {
    private let masterKeys: [UInt32: SymmetricKey]
    private let currentKeyID: UInt32
    /// HMAC-SHA-256 keyed with the fingerprint key, copied for each digest: the key is prepared once, not per digest.
    private let keyedMAC: HMAC<SHA256>
    private let receiptSigningKeys: [ReceiptSigningKey]
    /// The public halves of the receipt keys, oldest first.
    public let receiptKeys: [ReceiptKey]
    private let zoneKeysByID: [String: ZoneKey]

    /// Makes a ring; `currentKeyID` must name one of `masterKeys`, and `receiptKeys` (oldest first) must not be
    /// empty: the last one signs.
    public init(
        masterKeys: [UInt32: SymmetricKey],
        currentKeyID: UInt32,
        fingerprintKey: SymmetricKey,
        receiptKeys: [ReceiptSigningKey],
        zoneKeys: [ZoneKey] = []
    ) throws(KeyVaultError) {
        guard masterKeys[currentKeyID] != nil else { throw .unknownKey(currentKeyID) }
        guard masterKeys.values.allSatisfy({ $0.bitCount == 256 }), fingerprintKey.bitCount == 256 else {
            throw .unavailable("every key must be 256 bits")
        }
        guard !receiptKeys.isEmpty else { throw .unavailable("there is no receipt-signing key") }
        self.masterKeys = masterKeys
        self.currentKeyID = currentKeyID
        self.keyedMAC = HMAC(key: fingerprintKey)
        self.receiptSigningKeys = receiptKeys
        self.receiptKeys = receiptKeys.map(\.publicKey)
        self.zoneKeysByID = Dictionary(zoneKeys.map { ($0.info.id, $0) }, uniquingKeysWith: { _, newer in newer })
    }

    /// The current master key's id.
    public var sealingKeyID: UInt32 { currentKeyID }

    /// Seals with the current master key.
    public func seal(_ secret: [UInt8], context: String) throws(KeyVaultError) -> SealedSecret {
        guard let key = masterKeys[currentKeyID] else { throw .unknownKey(currentKeyID) }
        do {
            let box = try AES.GCM.seal(secret, using: key, authenticating: Array(context.utf8))
            guard let combined = box.combined else { throw KeyVaultError.unavailable("AES-GCM gave no combined form") }
            return SealedSecret(keyID: currentKeyID, combined: combined)
        } catch {
            throw .unavailable("sealing failed")
        }
    }

    /// Opens with the master key the secret names.
    public func open(_ sealed: SealedSecret, context: String) throws(KeyVaultError) -> [UInt8] {
        guard let key = masterKeys[sealed.keyID] else { throw .unknownKey(sealed.keyID) }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.combined)
            return Array(try AES.GCM.open(box, using: key, authenticating: Array(context.utf8)))
        } catch {
            throw .authenticationFailed
        }
    }

    /// HMAC-SHA-256 of `bytes` under the fingerprint key, in hex.
    public func keyedDigest(of bytes: [UInt8]) -> String {
        var mac = keyedMAC
        mac.update(data: bytes)
        return Hex.encode(mac.finalize())
    }
}

extension MasterKeyRing {
    /// Signs with the receipt key `keyID`.
    public func signReceipt(_ message: [UInt8], keyID: String) throws(KeyVaultError) -> [UInt8] {
        guard let key = receiptSigningKeys.first(where: { $0.publicKey.id == keyID }) else {
            throw .unknownReceiptKey(keyID)
        }
        do { return Array(try key.privateKey.signature(for: message)) } catch {
            throw .unavailable("signing a receipt failed")
        }
    }
}

extension MasterKeyRing {
    /// The zone PIN keys, by id.
    public var zoneKeys: [ZoneKeyInfo] { zoneKeysByID.values.map(\.info).sorted { $0.id < $1.id } }

    /// Deciphers the block under its zone key and reads its PIN.
    public func openPINBlock(_ block: EncipheredPINBlock, pan: PAN) throws(PINBlockFault) -> PresentedCode {
        guard let key = zoneKeysByID[block.zoneKeyID], key.info.cipher == block.format.cipher else {
            throw .unknownZoneKey
        }
        return PresentedCode(typed: try ISO9564.pin(in: block, pan: pan, decipher: key.decipher))
    }
}
