import Crypto
import Foundation
public import PooyaIssuer

/// A key vault kept in a file: the master keys by id, which one is current, and the fingerprint key, as JSON that
/// only its owner may read (mode 0600). Fine for one node and for development; in production the keys belong in a
/// vault or HSM, which another ``KeyVault`` implementation will reach.
public enum KeyFile {
    private struct Contents: Codable {
        var version = 1
        var currentKeyID: UInt32
        var masterKeys: [String: Data]
        var fingerprintKey: Data
    }

    /// Loads the vault at `path`, creating it with fresh random keys when the file does not exist.
    ///
    /// - Returns: the vault, and whether the file was created now.
    public static func loadOrCreate(at path: String) throws -> (vault: MasterKeyRing, created: Bool) {
        if FileManager.default.fileExists(atPath: path) { return (try load(at: path), false) }
        try write(Contents(currentKeyID: 1, masterKeys: ["1": newKey()], fingerprintKey: newKey()), to: path)
        return (try load(at: path), true)
    }

    /// Loads the vault at `path`.
    public static func load(at path: String) throws -> MasterKeyRing {
        let contents = try read(path)
        var keys: [UInt32: SymmetricKey] = [:]
        for (id, key) in contents.masterKeys {
            guard let id = UInt32(id) else { throw KeyVaultError.unavailable("a master key id is not a number") }
            keys[id] = SymmetricKey(data: key)
        }
        return try MasterKeyRing(
            masterKeys: keys,
            currentKeyID: contents.currentKeyID,
            fingerprintKey: SymmetricKey(data: contents.fingerprintKey)
        )
    }

    /// Adds a new master key and makes it current; secrets sealed under the older keys still open.
    ///
    /// - Returns: the new key's id.
    @discardableResult
    public static func rotate(at path: String) throws -> UInt32 {
        var contents = try read(path)
        let id = (contents.masterKeys.keys.compactMap(UInt32.init).max() ?? 0) + 1
        contents.masterKeys[String(id)] = newKey()
        contents.currentKeyID = id
        try write(contents, to: path)
        return id
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

    private static func newKey() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }
}
