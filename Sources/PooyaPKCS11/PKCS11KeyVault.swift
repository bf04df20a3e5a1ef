import CPKCS11
import Crypto
import Foundation
import OneTimePassword
public import PooyaIssuer
import PooyaProtocol

/// A ``KeyVault`` whose keys live in a PKCS#11 token (an HSM, or SoftHSM2), created there and never extractable:
/// the master keys seal and open secrets with AES-256-GCM inside the token (the same sealed form as the file vault's),
/// the fingerprint key makes HMAC-SHA-256 digests, the receipt keys sign with Ed25519, and zone PIN keys decipher PIN
/// blocks. No operation hands a key out.
///
/// Keys are found by label: `pooya-master-N` (the highest N seals), `pooya-fingerprint`, `pooya-receipt-N` (the
/// highest N signs; `pooya-receipt-N@T` was retired at Unix time T), and `pooya-zpk-ID` (TDES or AES keys a key
/// ceremony loaded with the HSM's own tools). Opening a token without Pooya's keys makes them.
public final class PKCS11KeyVault: KeyVault {
    fileprivate struct Label {
        static let master = "pooya-master-"
        static let fingerprint = "pooya-fingerprint"
        static let receipt = "pooya-receipt-"
        static let zoneKey = "pooya-zpk-"
    }

    fileprivate let token: PKCS11Token
    private let masterKeys: [UInt32: CK_OBJECT_HANDLE]
    private let currentKeyID: UInt32
    private let fingerprintKey: CK_OBJECT_HANDLE
    private let receiptSigningKeys: [(key: ReceiptKey, privateKey: CK_OBJECT_HANDLE)]
    private let zoneKeyHandles: [String: (info: ZoneKeyInfo, handle: CK_OBJECT_HANDLE)]
    /// The public halves of the receipt keys, oldest first.
    public let receiptKeys: [ReceiptKey]

    /// Opens the token labelled `token` of the PKCS#11 module at `module`, logging in with `pin`, and makes the master,
    /// fingerprint and receipt keys in it when it has none.
    ///
    /// - Throws: ``KeyVaultError/unavailable(_:)`` naming what failed, never the PIN.
    public init(module: String, token label: String, pin: String) throws(KeyVaultError) {
        let token = try PKCS11Token(module: module, label: label, pin: pin)
        self.token = token
        if try Self.keys(labelled: Label.master, in: token).isEmpty { try Self.makeKeys(in: token) }
        var masters: [UInt32: CK_OBJECT_HANDLE] = [:]
        for (suffix, handle) in try Self.keys(labelled: Label.master, in: token) {
            if let id = UInt32(suffix) { masters[id] = handle }
        }
        guard let current = masters.keys.max() else { throw .unavailable("the token has no master key") }
        masterKeys = masters
        currentKeyID = current
        guard let fingerprint = try Self.keys(labelled: Label.fingerprint, in: token, exact: true).first?.handle else {
            throw .unavailable("the token has no fingerprint key")
        }
        fingerprintKey = fingerprint
        receiptSigningKeys = try Self.receiptKeys(in: token)
        receiptKeys = receiptSigningKeys.map(\.key)
        guard !receiptKeys.isEmpty else { throw .unavailable("the token has no receipt-signing key") }
        zoneKeyHandles = try Self.zoneKeys(in: token)
    }

    // MARK: - KeyVault

    /// The newest master key's id.
    public var sealingKeyID: UInt32 { currentKeyID }

    /// Seals inside the token under the newest master key: AES-256-GCM with a random 12-byte nonce and `context` as
    /// associated data, in the same combined form (nonce, ciphertext, tag) as the file vault.
    public func seal(_ secret: [UInt8], context: String) throws(KeyVaultError) -> SealedSecret {
        guard let key = masterKeys[currentKeyID] else { throw .unknownKey(currentKeyID) }
        var nonce = [UInt8](repeating: 0, count: 12)
        var generator = SystemRandomNumberGenerator()
        for index in nonce.indices { nonce[index] = generator.next() }
        guard let sealed = try gcm(.encrypt, key: key, nonce: nonce, context: context, input: secret) else {
            throw .unavailable("sealing failed")
        }
        return SealedSecret(keyID: currentKeyID, combined: Data(nonce + sealed))
    }

    /// Opens inside the token with the master key the secret names.
    public func open(_ sealed: SealedSecret, context: String) throws(KeyVaultError) -> [UInt8] {
        guard let key = masterKeys[sealed.keyID] else { throw .unknownKey(sealed.keyID) }
        let combined = [UInt8](sealed.combined)
        guard combined.count >= 28,
            let secret = try gcm(
                .decrypt,
                key: key,
                nonce: Array(combined.prefix(12)),
                context: context,
                input: Array(combined.dropFirst(12))
            )
        else { throw .authenticationFailed }
        return secret
    }

    /// HMAC-SHA-256 under the token's fingerprint key, in hex.
    public func keyedDigest(of bytes: [UInt8]) throws(KeyVaultError) -> String {
        guard let mac = try token.run(.sign, CK_MECHANISM_TYPE(CKM_SHA256_HMAC), key: fingerprintKey, input: bytes)
        else {
            throw .unavailable("the token made no digest")
        }
        return Hex.encode(mac)
    }

    /// Signs with the receipt key `keyID`, inside the token (CKM_EDDSA).
    public func signReceipt(_ message: [UInt8], keyID: String) throws(KeyVaultError) -> [UInt8] {
        guard let key = receiptSigningKeys.first(where: { $0.key.id == keyID }) else { throw .unknownReceiptKey(keyID) }
        guard let signature = try token.run(.sign, CK_MECHANISM_TYPE(CKM_EDDSA), key: key.privateKey, input: message)
        else { throw .unavailable("signing a receipt failed") }
        return signature
    }

    /// The zone PIN keys in the token, by id.
    public var zoneKeys: [ZoneKeyInfo] { zoneKeyHandles.values.map(\.info).sorted { $0.id < $1.id } }

    /// Deciphers the block inside the token under its zone key (CKM_DES3_ECB or CKM_AES_ECB) and reads its PIN.
    public func openPINBlock(_ block: EncipheredPINBlock, pan: PAN) throws(PINBlockFault) -> PresentedCode {
        guard let key = zoneKeyHandles[block.zoneKeyID], key.info.cipher == block.format.cipher else {
            throw .unknownZoneKey
        }
        let mechanism = CK_MECHANISM_TYPE(key.info.cipher == .tdes ? CKM_DES3_ECB : CKM_AES_ECB)
        let pin = try ISO9564.pin(in: block, pan: pan) { cipherBlock throws(PINBlockFault) in
            guard let clear = try? token.run(.decrypt, mechanism, key: key.handle, input: cipherBlock),
                clear.count == cipherBlock.count
            else { throw .undecipherable }
            return clear
        }
        return PresentedCode(typed: pin)
    }

    // MARK: - Inside the token

    private func gcm(
        _ operation: PKCS11Token.Operation,
        key: CK_OBJECT_HANDLE,
        nonce: [UInt8],
        context: String,
        input: [UInt8]
    ) throws(KeyVaultError) -> [UInt8]? {
        let nonceBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: nonce.count)
        let associated = Array(context.utf8)
        let associatedBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, associated.count))
        defer {
            nonceBuffer.deallocate()
            associatedBuffer.deallocate()
        }
        _ = nonceBuffer.initialize(from: nonce)
        _ = associatedBuffer.initialize(from: associated)
        let parameters = CK_GCM_PARAMS(
            pIv: nonceBuffer.baseAddress,
            ulIvLen: CK_ULONG(nonce.count),
            ulIvBits: CK_ULONG(nonce.count * 8),
            pAAD: associatedBuffer.baseAddress,
            ulAADLen: CK_ULONG(associated.count),
            ulTagBits: 128
        )
        let parameterBytes = withUnsafeBytes(of: parameters, Array.init)
        return try token.run(
            operation,
            CK_MECHANISM_TYPE(CKM_AES_GCM),
            parameter: parameterBytes,
            key: key,
            input: input
        )
    }

    /// The secret and private keys whose label starts with `prefix` (or is it, when `exact`), with the rest of it.
    fileprivate static func keys(
        labelled prefix: String,
        in token: PKCS11Token,
        exact: Bool = false,
        objectClass: CK_OBJECT_CLASS = CK_OBJECT_CLASS(CKO_SECRET_KEY)
    ) throws(KeyVaultError)
        -> [(suffix: String, handle: CK_OBJECT_HANDLE)]
    {
        var found: [(String, CK_OBJECT_HANDLE)] = []
        for handle in try token.objects(Template([(CK_ATTRIBUTE_TYPE(CKA_CLASS), .ulong(objectClass))])) {
            guard let bytes = try token.attribute(CK_ATTRIBUTE_TYPE(CKA_LABEL), of: handle) else { continue }
            let label = String(decoding: bytes, as: UTF8.self)
            if exact ? label == prefix : label.hasPrefix(prefix) {
                found.append((String(label.dropFirst(prefix.count)), handle))
            }
        }
        return found
    }

    private static func receiptKeys(in token: PKCS11Token) throws(KeyVaultError)
        -> [(key: ReceiptKey, privateKey: CK_OBJECT_HANDLE)]
    {
        let publicKeys = try keys(labelled: Label.receipt, in: token, objectClass: CK_OBJECT_CLASS(CKO_PUBLIC_KEY))
        let privateKeys = try keys(labelled: Label.receipt, in: token, objectClass: CK_OBJECT_CLASS(CKO_PRIVATE_KEY))
        var found: [(number: Int, key: ReceiptKey, privateKey: CK_OBJECT_HANDLE)] = []
        for (suffix, publicHandle) in publicKeys {
            let parts = suffix.split(separator: "@")
            guard let number = parts.first.flatMap({ Int($0) }),
                let privateKey = privateKeys.first(where: { $0.suffix == suffix })?.handle,
                let point = try token.attribute(CK_ATTRIBUTE_TYPE(CKA_EC_POINT), of: publicHandle)
            else { continue }
            // CKA_EC_POINT is the 32 bytes, or (as SoftHSM2 gives it) their DER OCTET STRING.
            let raw = point.count == 34 && point[0] == 0x04 && point[1] == 0x20 ? Array(point.dropFirst(2)) : point
            let retiredAt = parts.count == 2 ? Int64(parts[1]) : nil
            found.append((number, try ReceiptKey(rawRepresentation: Data(raw), retiredAt: retiredAt), privateKey))
        }
        return found.sorted { $0.number < $1.number }.map { ($0.key, $0.privateKey) }
    }

    fileprivate static func zoneKeys(in token: PKCS11Token) throws(KeyVaultError)
        -> [String: (info: ZoneKeyInfo, handle: CK_OBJECT_HANDLE)]
    {
        var found: [String: (ZoneKeyInfo, CK_OBJECT_HANDLE)] = [:]
        for (id, handle) in try keys(labelled: Label.zoneKey, in: token) {
            guard let typeBytes = try token.attribute(CK_ATTRIBUTE_TYPE(CKA_KEY_TYPE), of: handle),
                typeBytes.count == MemoryLayout<CK_KEY_TYPE>.size
            else { continue }
            let type = typeBytes.withUnsafeBytes { $0.loadUnaligned(as: CK_KEY_TYPE.self) }
            let cipher: ZoneKeyCipher
            let check: [UInt8]?
            switch type {
            case CK_KEY_TYPE(CKK_DES2), CK_KEY_TYPE(CKK_DES3):
                cipher = .tdes
                check = try token.run(
                    .encrypt,
                    CK_MECHANISM_TYPE(CKM_DES3_ECB),
                    key: handle,
                    input: Array(repeating: 0, count: 8)
                )
            case CK_KEY_TYPE(CKK_AES):
                cipher = .aes
                check = try token.run(
                    .sign,
                    CK_MECHANISM_TYPE(CKM_AES_CMAC),
                    key: handle,
                    input: Array(repeating: 0, count: 16)
                )
            default: continue
            }
            guard let check else { continue }
            found[id] = (
                ZoneKeyInfo(id: id, cipher: cipher, checkValue: Hex.encode(check.prefix(3)).uppercased()), handle
            )
        }
        return found
    }

    /// The attributes of a key kept in the token: private, sensitive, never extractable.
    private static func kept(_ label: String) -> [(CK_ATTRIBUTE_TYPE, Template.Value)] {
        [
            (CK_ATTRIBUTE_TYPE(CKA_TOKEN), .bool(true)), (CK_ATTRIBUTE_TYPE(CKA_PRIVATE), .bool(true)),
            (CK_ATTRIBUTE_TYPE(CKA_SENSITIVE), .bool(true)), (CK_ATTRIBUTE_TYPE(CKA_EXTRACTABLE), .bool(false)),
            (CK_ATTRIBUTE_TYPE(CKA_LABEL), .text(label)),
        ]
    }

    /// Makes the AES-256 master key `number`.
    fileprivate static func makeMasterKey(_ number: UInt32, in token: PKCS11Token) throws(KeyVaultError) {
        _ = try token.generateKey(
            CK_MECHANISM_TYPE(CKM_AES_KEY_GEN),
            Template(
                kept(Label.master + String(number)) + [
                    (CK_ATTRIBUTE_TYPE(CKA_VALUE_LEN), .ulong(32)), (CK_ATTRIBUTE_TYPE(CKA_ENCRYPT), .bool(true)),
                    (CK_ATTRIBUTE_TYPE(CKA_DECRYPT), .bool(true)),
                ]
            )
        )
    }

    /// CKA_EC_PARAMS of an Ed25519 key: the DER of its object identifier, 1.3.101.112 (RFC 8410).
    fileprivate static let ed25519Parameters: [UInt8] = [0x06, 0x03, 0x2B, 0x65, 0x70]

    /// Makes the Ed25519 receipt key pair `number`.
    fileprivate static func makeReceiptKey(_ number: Int, in token: PKCS11Token) throws(KeyVaultError) {
        try token.generateKeyPair(
            CK_MECHANISM_TYPE(CKM_EC_EDWARDS_KEY_PAIR_GEN),
            public: Template([
                (CK_ATTRIBUTE_TYPE(CKA_TOKEN), .bool(true)),
                (CK_ATTRIBUTE_TYPE(CKA_LABEL), .text(Label.receipt + String(number))),
                (CK_ATTRIBUTE_TYPE(CKA_EC_PARAMS), .bytes(ed25519Parameters)),
                (CK_ATTRIBUTE_TYPE(CKA_VERIFY), .bool(true)),
            ]),
            private: Template(kept(Label.receipt + String(number)) + [(CK_ATTRIBUTE_TYPE(CKA_SIGN), .bool(true))])
        )
    }

    /// Makes the master key 1, the fingerprint key and the receipt key 1 inside the token: sensitive, never
    /// extractable.
    private static func makeKeys(in token: PKCS11Token) throws(KeyVaultError) {
        try makeMasterKey(1, in: token)
        _ = try token.generateKey(
            CK_MECHANISM_TYPE(CKM_GENERIC_SECRET_KEY_GEN),
            Template(
                kept(Label.fingerprint) + [
                    (CK_ATTRIBUTE_TYPE(CKA_VALUE_LEN), .ulong(32)), (CK_ATTRIBUTE_TYPE(CKA_SIGN), .bool(true)),
                ]
            )
        )
        try makeReceiptKey(1, in: token)
    }
}

extension PKCS11KeyVault {
    /// Loads the zone PIN key `id` into the token as a key ceremony's tool would: sensitive, never extractable,
    /// labelled `pooya-zpk-ID`. The vault sees it once opened again.
    ///
    /// - Returns: its check value, computed inside the token.
    @discardableResult
    public func importZoneKey(id: String, cipher: ZoneKeyCipher, key: [UInt8]) throws(KeyVaultError) -> String {
        try Self.createZoneKey(id: id, cipher: cipher, key: key, in: token)
        guard let info = try Self.zoneKeys(in: token)[id]?.info else {
            throw .unavailable("the token did not keep the zone key \(id)")
        }
        return info.checkValue
    }
}

extension PKCS11KeyVault {
    /// Makes the zone PIN key `id` in the token: sensitive, never extractable, labelled `pooya-zpk-ID`.
    fileprivate static func createZoneKey(id: String, cipher: ZoneKeyCipher, key: [UInt8], in token: PKCS11Token)
        throws(KeyVaultError)
    {
        try ZoneKeyInfo.check(id: id)
        guard try keys(labelled: Label.zoneKey + id, in: token, exact: true).isEmpty else {
            throw .unavailable("a key with id \(id) exists: import the new key under another id")
        }
        guard cipher.keyLengths.contains(key.count) else {
            throw .unavailable(
                "a \(cipher.rawValue) zone key has \(cipher.keyLengths.sorted()) bytes, not \(key.count)"
            )
        }
        let type = cipher == .aes ? CKK_AES : key.count == 16 ? CKK_DES2 : CKK_DES3
        try token.create(
            Template(
                kept(Label.zoneKey + id) + [
                    (CK_ATTRIBUTE_TYPE(CKA_CLASS), .ulong(CK_OBJECT_CLASS(CKO_SECRET_KEY))),
                    (CK_ATTRIBUTE_TYPE(CKA_KEY_TYPE), .ulong(CK_KEY_TYPE(type))),
                    (CK_ATTRIBUTE_TYPE(CKA_ENCRYPT), .bool(true)), (CK_ATTRIBUTE_TYPE(CKA_DECRYPT), .bool(true)),
                    (CK_ATTRIBUTE_TYPE(CKA_SIGN), .bool(cipher == .aes)), (CK_ATTRIBUTE_TYPE(CKA_VALUE), .bytes(key)),
                ]
            )
        )
    }

    /// Loads a vault's keys (the key file's, ``KeyMaterial``) into the token labelled `label`, as keys made there
    /// are: sensitive, never extractable, under Pooya's labels and the same master key ids, so that everything the
    /// old vault sealed opens and every fingerprint and client key digest stays the same.
    ///
    /// - Throws: ``KeyVaultError/unavailable(_:)`` when the token already holds Pooya's keys, or refuses one.
    public static func importKeys(_ material: KeyMaterial, module: String, token label: String, pin: String)
        throws(KeyVaultError)
    {
        let token = try PKCS11Token(module: module, label: label, pin: pin)
        let present =
            try keys(labelled: "pooya-", in: token)
            + keys(
                labelled: "pooya-",
                in: token,
                objectClass: CK_OBJECT_CLASS(CKO_PRIVATE_KEY)
            )
        guard present.isEmpty else { throw .unavailable("the token \(label) already holds Pooya's keys") }
        for (id, key) in material.masterKeys {
            try token.create(
                Template(
                    kept(Label.master + String(id)) + [
                        (CK_ATTRIBUTE_TYPE(CKA_CLASS), .ulong(CK_OBJECT_CLASS(CKO_SECRET_KEY))),
                        (CK_ATTRIBUTE_TYPE(CKA_KEY_TYPE), .ulong(CK_KEY_TYPE(CKK_AES))),
                        (CK_ATTRIBUTE_TYPE(CKA_ENCRYPT), .bool(true)), (CK_ATTRIBUTE_TYPE(CKA_DECRYPT), .bool(true)),
                        (CK_ATTRIBUTE_TYPE(CKA_VALUE), .bytes(key)),
                    ]
                )
            )
        }
        try token.create(
            Template(
                kept(Label.fingerprint) + [
                    (CK_ATTRIBUTE_TYPE(CKA_CLASS), .ulong(CK_OBJECT_CLASS(CKO_SECRET_KEY))),
                    (CK_ATTRIBUTE_TYPE(CKA_KEY_TYPE), .ulong(CK_KEY_TYPE(CKK_GENERIC_SECRET))),
                    (CK_ATTRIBUTE_TYPE(CKA_SIGN), .bool(true)),
                    (CK_ATTRIBUTE_TYPE(CKA_VALUE), .bytes(material.fingerprintKey)),
                ]
            )
        )
        for (index, receiptKey) in material.receiptKeys.enumerated() {
            let label = Label.receipt + String(index + 1) + (receiptKey.retiredAt.map { "@\($0)" } ?? "")
            let publicKey: [UInt8]
            do {
                publicKey = Array(
                    try Curve25519.Signing.PrivateKey(rawRepresentation: receiptKey.privateKey).publicKey
                        .rawRepresentation
                )
            } catch {
                throw .unavailable("a receipt key is not an Ed25519 private key")
            }
            try token.create(
                Template(
                    kept(label) + [
                        (CK_ATTRIBUTE_TYPE(CKA_CLASS), .ulong(CK_OBJECT_CLASS(CKO_PRIVATE_KEY))),
                        (CK_ATTRIBUTE_TYPE(CKA_KEY_TYPE), .ulong(CK_KEY_TYPE(CKK_EC_EDWARDS))),
                        (CK_ATTRIBUTE_TYPE(CKA_EC_PARAMS), .bytes(ed25519Parameters)),
                        (CK_ATTRIBUTE_TYPE(CKA_SIGN), .bool(true)),
                        (CK_ATTRIBUTE_TYPE(CKA_VALUE), .bytes(receiptKey.privateKey)),
                    ]
                )
            )
            try token.create(
                Template([
                    (CK_ATTRIBUTE_TYPE(CKA_CLASS), .ulong(CK_OBJECT_CLASS(CKO_PUBLIC_KEY))),
                    (CK_ATTRIBUTE_TYPE(CKA_KEY_TYPE), .ulong(CK_KEY_TYPE(CKK_EC_EDWARDS))),
                    (CK_ATTRIBUTE_TYPE(CKA_TOKEN), .bool(true)), (CK_ATTRIBUTE_TYPE(CKA_LABEL), .text(label)),
                    (CK_ATTRIBUTE_TYPE(CKA_EC_PARAMS), .bytes(ed25519Parameters)),
                    (CK_ATTRIBUTE_TYPE(CKA_EC_POINT), .bytes([0x04, 0x20] + publicKey)),
                    (CK_ATTRIBUTE_TYPE(CKA_VERIFY), .bool(true)),
                ])
            )
        }
        for zoneKey in material.zoneKeys {
            try createZoneKey(id: zoneKey.id, cipher: zoneKey.cipher, key: zoneKey.key, in: token)
        }
    }

    /// Destroys the master keys other than the newest that `inUse` does not name: once nothing is sealed under them
    /// (``Issuer/sealedSecretCounts()``), they are of no use, and a key that is gone cannot leak.
    ///
    /// - Returns: the ids destroyed.
    public func retireMasterKeys(keeping inUse: Set<UInt32>) throws(KeyVaultError) -> [UInt32] {
        let retired = masterKeys.keys.filter { $0 != currentKeyID && !inUse.contains($0) }.sorted()
        for id in retired {
            guard let handle = masterKeys[id] else { continue }
            try token.destroy(handle)
        }
        return retired
    }

    /// Makes a new master key in the token, the next number; a vault opened from now on seals under it, and every
    /// older key still opens what it sealed.
    ///
    /// - Returns: its id.
    @discardableResult
    public func rotateMasterKey() throws(KeyVaultError) -> UInt32 {
        let id = (masterKeys.keys.max() ?? 0) + 1
        try Self.makeMasterKey(id, in: token)
        return id
    }

    /// Makes a new receipt key pair in the token and retires the signing one at `now` (its label gains `@now`); a
    /// vault opened from now on signs with the new key and lists the old one until its receipts have expired.
    ///
    /// - Returns: the new key's id (its thumbprint).
    @discardableResult
    public func rotateReceiptKey(now: Int64) throws(KeyVaultError) -> String {
        let publicKeys = try Self.keys(labelled: Label.receipt, in: token, objectClass: CK_OBJECT_CLASS(CKO_PUBLIC_KEY))
        let privateKeys = try Self.keys(
            labelled: Label.receipt,
            in: token,
            objectClass: CK_OBJECT_CLASS(CKO_PRIVATE_KEY)
        )
        let signing = (publicKeys + privateKeys).filter { !$0.suffix.contains("@") }
        let numbers = (publicKeys + privateKeys).compactMap { Int($0.suffix.split(separator: "@").first ?? "") }
        for key in signing { try token.relabel(key.handle, as: Label.receipt + key.suffix + "@\(now)") }
        let number = (numbers.max() ?? 0) + 1
        try Self.makeReceiptKey(number, in: token)
        guard let key = try Self.receiptKeys(in: token).last?.key, key.retiredAt == nil else {
            throw .unavailable("the token did not keep the new receipt key")
        }
        return key.id
    }
}
