import Crypto
import Foundation
public import PooyaIssuer

/// A key vault kept in a file: the master keys by id, which one is current, the fingerprint key and the
/// receipt-signing keys, as JSON that only its owner may read (mode 0600). Fine for one node and for development; in
/// production the keys belong in a vault or HSM, which another ``KeyVault`` implementation will reach.
public enum KeyFile {
    private struct Contents: Codable {
        var version = 1
        var currentKeyID: UInt32
        var masterKeys: [String: Data]
        var fingerprintKey: Data
        /// Oldest first; the last signs. Absent from files written before receipts.
        var receiptKeys: [ReceiptKeyEntry]?
        /// By id, each sealed under a master key: zone PIN keys, and the key block protection keys zone PIN keys may
        /// come wrapped under. Absent until the first is imported.
        var zoneKeys: [String: ZoneKeyEntry]?
    }

    private struct ZoneKeyEntry: Codable {
        /// `kbpk` for a key block protection key; absent for a zone PIN key.
        var usage: String?
        var cipher: ZoneKeyCipher
        /// The key sealed under the master key `masterKeyID`, with the context `zone-key:<id>`.
        var sealed: Data
        var masterKeyID: UInt32
        var checkValue: String
        var importedAt: Int64
    }

    private struct ReceiptKeyEntry: Codable {
        /// The Ed25519 private key's 32 bytes.
        var privateKey: Data
        var createdAt: Int64
        var retiredAt: Int64?
    }

    /// Loads the vault at `path`, creating it with fresh random keys when the file does not exist, and adding a
    /// receipt-signing key to a file written before receipts.
    ///
    /// - Parameter now: the time a new receipt key is made at (Unix seconds).
    /// - Returns: the vault, and whether the file was created now.
    public static func loadOrCreate(at path: String, now: Int64) throws -> (vault: MasterKeyRing, created: Bool) {
        guard FileManager.default.fileExists(atPath: path) else {
            let contents = Contents(
                currentKeyID: 1,
                masterKeys: ["1": newKey()],
                fingerprintKey: newKey(),
                receiptKeys: [newReceiptKey(now: now)]
            )
            try write(contents, to: path)
            return (try load(at: path), true)
        }
        var contents = try read(path)
        if contents.receiptKeys?.isEmpty ?? true {
            contents.receiptKeys = [newReceiptKey(now: now)]
            try write(contents, to: path)
        }
        return (try load(at: path), false)
    }

    /// Loads the vault at `path`; each zone key is opened with the master key that sealed it, and its check value
    /// compared with the one recorded at its import.
    public static func load(at path: String) throws -> MasterKeyRing {
        let contents = try read(path)
        let vault = try ring(contents, zoneKeys: [])
        var zoneKeys: [ZoneKey] = []
        for (id, entry) in (contents.zoneKeys ?? [:]).sorted(by: { $0.key < $1.key }) where entry.usage == nil {
            let sealed = SealedSecret(keyID: entry.masterKeyID, combined: entry.sealed)
            let key = try ZoneKey(id: id, cipher: entry.cipher, key: vault.open(sealed, context: "zone-key:\(id)"))
            guard key.info.checkValue == entry.checkValue else {
                throw KeyVaultError.unavailable("the zone key \(id) no longer has its check value")
            }
            zoneKeys.append(key)
        }
        return try ring(contents, zoneKeys: zoneKeys)
    }

    private static func ring(_ contents: Contents, zoneKeys: [ZoneKey]) throws -> MasterKeyRing {
        var keys: [UInt32: SymmetricKey] = [:]
        for (id, key) in contents.masterKeys {
            guard let id = UInt32(id) else { throw KeyVaultError.unavailable("a master key id is not a number") }
            keys[id] = SymmetricKey(data: key)
        }
        return try MasterKeyRing(
            masterKeys: keys,
            currentKeyID: contents.currentKeyID,
            fingerprintKey: SymmetricKey(data: contents.fingerprintKey),
            receiptKeys: (contents.receiptKeys ?? []).map { entry throws(KeyVaultError) in
                try ReceiptSigningKey(rawRepresentation: entry.privateKey, retiredAt: entry.retiredAt)
            },
            zoneKeys: zoneKeys
        )
    }

    /// Adds the zone PIN key `id`, sealed under the current master key: the clear key is never written. Nodes use
    /// it from their next start.
    ///
    /// - Returns: what the vault tells about it, its check value included.
    /// - Throws: ``KeyVaultError/unavailable(_:)`` for an id in use or not 1–32 letters, digits, `.`, `_` or `-`,
    ///   or a key its cipher does not take.
    @discardableResult
    public static func importZoneKey(at path: String, id: String, cipher: ZoneKeyCipher, key: [UInt8], now: Int64)
        throws -> ZoneKeyInfo
    {
        try importKey(at: path, id: id, usage: nil, cipher: cipher, key: key, now: now)
    }

    /// Adds the zone PIN key `id` from a TR-31 key block wrapped under the key block protection key `kbpk`.
    ///
    /// - Throws: ``KeyVaultError/unavailable(_:)`` for an unknown KBPK, a block that does not open under it, or what
    ///   ``importZoneKey(at:id:cipher:key:now:)`` refuses.
    @discardableResult
    public static func importZoneKey(at path: String, id: String, keyBlock: String, kbpk: String, now: Int64)
        throws -> ZoneKeyInfo
    {
        let contents = try read(path)
        guard let entry = contents.zoneKeys?[kbpk], entry.usage == Self.keyBlockProtection else {
            throw KeyVaultError.unavailable("there is no key block protection key \(kbpk)")
        }
        let sealed = SealedSecret(keyID: entry.masterKeyID, combined: entry.sealed)
        let protectionKey = try load(at: path).open(sealed, context: context(of: kbpk, entry))
        let block = try TR31KeyBlock(opening: keyBlock, kbpk: protectionKey)
        return try importZoneKey(at: path, id: id, cipher: block.cipher, key: block.key, now: now)
    }

    /// Adds the key block protection key `id` (a KBPK, the bank's and the switch's zone master key): zone PIN keys
    /// may then be imported as TR-31 key blocks wrapped under it. It never deciphers a PIN block.
    @discardableResult
    public static func importKeyBlockProtectionKey(
        at path: String,
        id: String,
        cipher: ZoneKeyCipher,
        key: [UInt8],
        now: Int64
    ) throws -> ZoneKeyInfo {
        try importKey(at: path, id: id, usage: keyBlockProtection, cipher: cipher, key: key, now: now)
    }

    private static let keyBlockProtection = "kbpk"

    private static func context(of id: String, _ entry: ZoneKeyEntry) -> String {
        entry.usage == keyBlockProtection ? "kbpk:\(id)" : "zone-key:\(id)"
    }

    private static func importKey(
        at path: String,
        id: String,
        usage: String?,
        cipher: ZoneKeyCipher,
        key: [UInt8],
        now: Int64
    ) throws -> ZoneKeyInfo {
        try ZoneKeyInfo.check(id: id)
        var contents = try read(path)
        guard contents.zoneKeys?[id] == nil else {
            throw KeyVaultError.unavailable("a key with id \(id) exists: import the new key under another id")
        }
        let zoneKey = try ZoneKey(id: id, cipher: cipher, key: key)
        var entry = ZoneKeyEntry(
            usage: usage,
            cipher: cipher,
            sealed: Data(),
            masterKeyID: 0,
            checkValue: zoneKey.info.checkValue,
            importedAt: now
        )
        let sealed = try load(at: path).seal(key, context: context(of: id, entry))
        entry.sealed = sealed.combined
        entry.masterKeyID = sealed.keyID
        var zoneKeys = contents.zoneKeys ?? [:]
        zoneKeys[id] = entry
        contents.zoneKeys = zoneKeys
        try write(contents, to: path)
        return zoneKey.info
    }

    /// Adds a new master key and makes it current; secrets sealed under the older keys still open, and the zone keys
    /// in the file are sealed again under the new one at once.
    ///
    /// - Returns: the new key's id.
    @discardableResult
    public static func rotate(at path: String) throws -> UInt32 {
        var contents = try read(path)
        let id = (contents.masterKeys.keys.compactMap(UInt32.init).max() ?? 0) + 1
        contents.masterKeys[String(id)] = newKey()
        contents.currentKeyID = id
        let vault = try ring(contents, zoneKeys: [])
        for (zoneKeyID, entry) in contents.zoneKeys ?? [:] {
            let context = Self.context(of: zoneKeyID, entry)
            let key = try vault.open(SealedSecret(keyID: entry.masterKeyID, combined: entry.sealed), context: context)
            let sealed = try vault.seal(key, context: context)
            contents.zoneKeys?[zoneKeyID]?.sealed = sealed.combined
            contents.zoneKeys?[zoneKeyID]?.masterKeyID = sealed.keyID
        }
        try write(contents, to: path)
        return id
    }

    /// Removes the master keys other than the current one that `inUse` does not name: once nothing is sealed under
    /// them (``Issuer/sealedSecretCounts()``), they are of no use, and a key that is gone cannot leak.
    ///
    /// - Returns: the ids removed.
    public static func retireMasterKeys(at path: String, keeping inUse: Set<UInt32>) throws -> [UInt32] {
        var contents = try read(path)
        let retired = contents.masterKeys.keys.compactMap(UInt32.init)
            .filter { $0 != contents.currentKeyID && !inUse.contains($0) }.sorted()
        guard !retired.isEmpty else { return [] }
        for id in retired { contents.masterKeys[String(id)] = nil }
        try write(contents, to: path)
        return retired
    }

    /// Adds a new receipt-signing key and makes it the one that signs; the one it replaces is retired at `now` and
    /// stays listed until the receipts it signed have expired. Nodes sign with the new key once restarted.
    ///
    /// - Returns: the new key's id (its thumbprint).
    @discardableResult
    public static func rotateReceiptKey(at path: String, now: Int64) throws -> String {
        var contents = try read(path)
        var keys = contents.receiptKeys ?? []
        for index in keys.indices where keys[index].retiredAt == nil { keys[index].retiredAt = now }
        let key = newReceiptKey(now: now)
        keys.append(key)
        contents.receiptKeys = keys
        try write(contents, to: path)
        return try ReceiptSigningKey(rawRepresentation: key.privateKey, retiredAt: nil).publicKey.id
    }

    /// The file's keys in clear, to load them into an HSM's token once (``KeyMaterial``): its master keys, fingerprint
    /// key, receipt keys and zone PIN keys (key block protection keys stay behind: they unwrap key blocks here only).
    public static func material(at path: String) throws -> KeyMaterial {
        let contents = try read(path)
        let vault = try load(at: path)
        var masterKeys: [UInt32: [UInt8]] = [:]
        for (id, key) in contents.masterKeys {
            guard let id = UInt32(id) else { throw KeyVaultError.unavailable("a master key id is not a number") }
            masterKeys[id] = [UInt8](key)
        }
        var zoneKeys: [KeyMaterial.ZoneKeyMaterial] = []
        for (id, entry) in (contents.zoneKeys ?? [:]).sorted(by: { $0.key < $1.key }) where entry.usage == nil {
            let sealed = SealedSecret(keyID: entry.masterKeyID, combined: entry.sealed)
            zoneKeys.append(
                .init(id: id, cipher: entry.cipher, key: try vault.open(sealed, context: context(of: id, entry)))
            )
        }
        return KeyMaterial(
            masterKeys: masterKeys,
            fingerprintKey: [UInt8](contents.fingerprintKey),
            receiptKeys: (contents.receiptKeys ?? []).map {
                .init(privateKey: [UInt8]($0.privateKey), retiredAt: $0.retiredAt)
            },
            zoneKeys: zoneKeys
        )
    }

    private static func read(_ path: String) throws -> Contents {
        do { return try JSONDecoder().decode(Contents.self, from: Data(contentsOf: URL(fileURLWithPath: path))) } catch
        {
            throw KeyVaultError.unavailable("the key file \(path) cannot be read")
        }
    }

    /// Writes beside the file and renames over it, so a crash never leaves a half-written key file.
    private static func write(_ contents: Contents, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).new")
        let data = try JSONEncoder().encode(contents)
        guard
            FileManager.default.createFile(
                atPath: temporary.path,
                contents: data,
                attributes: [.posixPermissions: 0o600]
            )
        else { throw KeyVaultError.unavailable("the key file \(path) cannot be written") }
        guard rename(temporary.path, url.path) == 0 else {
            throw KeyVaultError.unavailable("the key file \(path) cannot be replaced")
        }
    }

    private static func newReceiptKey(now: Int64) -> ReceiptKeyEntry {
        ReceiptKeyEntry(privateKey: Curve25519.Signing.PrivateKey().rawRepresentation, createdAt: now, retiredAt: nil)
    }

    private static func newKey() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }
}
