public import Crypto
import Foundation
public import PooyaProtocol

/// The cardholder's tokens, encrypted at rest.
///
/// Layout: a random data key encrypts the contents with AES-256-GCM; the data key is stored wrapped (AES-GCM) under a
/// key derived from the password, and optionally also under a platform key (Secure Enclave, biometrics), so an app
/// can open the vault without the password. A SHA-256 checksum over the whole file tells damage from a wrong
/// password: a bad checksum is ``VaultError/damaged``; a good checksum with a failing password wrap is
/// ``VaultError/wrongPassword``; a good wrap with failing contents is ``VaultError/tampered``.
///
/// Saves are atomic: the new file is written beside the old one, flushed, and renamed over it, so a crash leaves
/// the old vault or the new one, never a mix.
public struct Vault: Sendable {
    /// Where the vault lives.
    public let path: String
    /// The tokens, in the order they were added.
    public private(set) var tokens: [StoredToken]
    /// In a backup (``export(to:password:derivation:)``): the cards whose bank tokens stayed behind, to be activated
    /// again on the new device, by their label and bank. Empty in a vault.
    public private(set) var toReactivate: [String] = []

    private var dataKey: SymmetricKey
    private var passwordWrap: Wrap
    private var platformWrap: Wrap?
    private let derivation: any PasswordKeyDerivation

    private struct Wrap: Codable, Sendable {
        var kdf: KDFParameters?
        var wrappedKey: Data
    }

    private struct File: Codable {
        var version: Int
        var passwordWrap: Wrap
        var platformWrap: Wrap?
        var contents: Data
        var checksum: String?
    }

    private struct Contents: Codable {
        var tokens: [StoredToken]
        var toReactivate: [String]?
    }

    /// Makes a new, empty vault at `path` behind `password` (normalised: any digit set, Persian or Arabic letters,
    /// composed or not, open it alike).
    ///
    /// - Throws: ``VaultError/weakPassword(_:)`` when the password breaks ``PasswordPolicy``.
    public static func create(at path: String, password: String, derivation: any PasswordKeyDerivation) throws -> Vault
    {
        let password = VaultPassword.normalized(password)
        if let problem = PasswordPolicy.problem(with: password) { throw problem }
        let dataKey = SymmetricKey(size: .bits256)
        let parameters = derivation.newParameters()
        let wrap = Wrap(
            kdf: parameters,
            wrappedKey: try seal(
                dataKey.withUnsafeBytes { Data($0) },
                key: derivation.key(password: password, parameters: parameters)
            )
        )
        let vault = Vault(
            path: path,
            tokens: [],
            dataKey: dataKey,
            passwordWrap: wrap,
            platformWrap: nil,
            derivation: derivation
        )
        try vault.save()
        return vault
    }

    /// Opens the vault at `path` with `password`, normalised as ``create(at:password:derivation:)`` does; re-keys it
    /// with today's parameters when they are stronger. A vault made before passwords were normalised also opens with
    /// the password exactly as it was typed then, and is re-keyed under its normal form.
    public static func open(at path: String, password: String, derivation: any PasswordKeyDerivation) throws -> Vault {
        let file = try read(path)
        guard let parameters = file.passwordWrap.kdf else { throw VaultError.damaged }
        let normalized = VaultPassword.normalized(password)
        // Compared as bytes: Swift's `==` holds composed and decomposed forms equal, the key derivation does not.
        let typedDiffers = !normalized.utf8.elementsEqual(password.utf8)
        for (candidate, isAsTyped) in [(normalized, false)] + (typedDiffers ? [(password, true)] : []) {
            let key = try derivation.key(password: candidate, parameters: parameters)
            guard let dataBytes = try? open(file.passwordWrap.wrappedKey, key: key) else { continue }
            var vault = try Vault(
                path: path,
                file: file,
                dataKey: SymmetricKey(data: dataBytes),
                derivation: derivation
            )
            if isAsTyped || derivation.needsUpgrade(parameters) {
                try vault.changePassword(to: normalized)
            }
            return vault
        }
        throw VaultError.wrongPassword
    }

    /// Opens the vault with the platform key an app stored with ``setPlatformKey(_:)``.
    public static func open(at path: String, platformKey: SymmetricKey, derivation: any PasswordKeyDerivation) throws
        -> Vault
    {
        let file = try read(path)
        guard let wrap = file.platformWrap, let dataBytes = try? open(wrap.wrappedKey, key: platformKey) else {
            throw VaultError.wrongPassword
        }
        return try Vault(path: path, file: file, dataKey: SymmetricKey(data: dataBytes), derivation: derivation)
    }

    /// Whether a vault file exists at `path`.
    public static func exists(at path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    private init(path: String, file: File, dataKey: SymmetricKey, derivation: any PasswordKeyDerivation) throws {
        guard let plain = try? Self.open(file.contents, key: dataKey),
            let contents = try? JSONDecoder().decode(Contents.self, from: plain)
        else { throw VaultError.tampered }
        self.init(
            path: path,
            tokens: contents.tokens,
            dataKey: dataKey,
            passwordWrap: file.passwordWrap,
            platformWrap: file.platformWrap,
            derivation: derivation
        )
        toReactivate = contents.toReactivate ?? []
    }

    private init(
        path: String,
        tokens: [StoredToken],
        dataKey: SymmetricKey,
        passwordWrap: Wrap,
        platformWrap: Wrap?,
        derivation: any PasswordKeyDerivation
    ) {
        self.path = path
        self.tokens = tokens
        self.dataKey = dataKey
        self.passwordWrap = passwordWrap
        self.platformWrap = platformWrap
        self.derivation = derivation
    }

    /// Wraps the data key under a new password (normalised, and with fresh KDF parameters) and saves.
    public mutating func changePassword(to password: String) throws {
        let password = VaultPassword.normalized(password)
        if let problem = PasswordPolicy.problem(with: password) { throw problem }
        let parameters = derivation.newParameters()
        passwordWrap = Wrap(
            kdf: parameters,
            wrappedKey: try Self.seal(
                dataKey.withUnsafeBytes { Data($0) },
                key: derivation.key(password: password, parameters: parameters)
            )
        )
        try save()
    }

    /// Also wraps the data key under `platformKey` (from the Secure Enclave or the keychain, behind biometrics), and
    /// saves; `nil` removes that wrap.
    public mutating func setPlatformKey(_ platformKey: SymmetricKey?) throws {
        platformWrap = try platformKey.map {
            Wrap(kdf: nil, wrappedKey: try Self.seal(dataKey.withUnsafeBytes { Data($0) }, key: $0))
        }
        try save()
    }

    /// Throws unless a token for `maskedPAN` and `kind` could be added: there is none yet, or `replacing` is set.
    /// Asked before provisioning, so that a refusal changes nothing at the issuer.
    ///
    /// - Throws: ``VaultError/tokenExists(maskedPAN:)``.
    public func admits(maskedPAN: String, kind: PINKind, replacing: Bool) throws(VaultError) {
        let slot = StoredToken.slot(maskedPAN: maskedPAN, kind: kind)
        if !replacing, let existing = tokens.first(where: { $0.slot == slot }) {
            throw .tokenExists(maskedPAN: existing.label)
        }
    }

    /// Adds a token and saves. One token per card and kind: another for the same card and kind is refused unless
    /// `replacing` is set. The old one leaves in the same save that writes the new one, so a failed save keeps it.
    public mutating func add(_ token: StoredToken, replacing: Bool = false) throws {
        var kept = tokens
        if let existing = kept.firstIndex(where: { $0.slot == token.slot && token.slot != nil }) {
            guard replacing else { throw VaultError.tokenExists(maskedPAN: kept[existing].label) }
            kept.remove(at: existing)
        }
        kept.append(token)
        let previous = tokens
        tokens = kept
        do { try save() } catch {
            tokens = previous
            throw error
        }
    }

    /// Removes the token with this id and saves.
    public mutating func remove(id: String) throws {
        guard let index = tokens.firstIndex(where: { $0.id == id }) else { throw VaultError.noSuchToken(id) }
        tokens.remove(at: index)
        try save()
    }

    /// Writes a backup of this vault to `path`, behind its own `password` (normalised and held to the policy as a
    /// vault's): the otpauth accounts and the bank tokens whose issuer marked them exportable, whole; the other bank
    /// tokens only named in ``toReactivate``, their seeds left out, to be activated again on the new device. A backup
    /// is a vault file, so a damaged, wrongly unlocked or tampered one is told apart the same way. Never overwrites.
    ///
    /// - Returns: the backup, as written.
    @discardableResult
    public func export(to path: String, password: String, derivation: any PasswordKeyDerivation) throws -> Vault {
        guard !Self.exists(at: path) else { throw VaultError.storage("\(path) exists already") }
        var backup = try Vault.create(at: path, password: password, derivation: derivation)
        backup.tokens = tokens.filter(\.travels)
        backup.toReactivate = tokens.filter { !$0.travels }.map(\.label)
        try backup.save()
        return backup
    }

    /// Adds the tokens of the backup at `path`, opened with its `password`, to this vault and saves, except a bank
    /// token for a card and kind this vault holds already (the one here is kept).
    ///
    /// - Returns: the tokens added, and the cards the backup says to activate again.
    /// - Throws: ``VaultError/wrongPassword``, ``VaultError/damaged`` or ``VaultError/tampered`` for the backup.
    public mutating func importBackup(at path: String, password: String, derivation: any PasswordKeyDerivation) throws
        -> (added: [StoredToken], toReactivate: [String])
    {
        let backup = try Vault.open(at: path, password: password, derivation: derivation)
        let slots = Set(tokens.compactMap(\.slot))
        let added = backup.tokens.filter { token in token.slot.map { !slots.contains($0) } ?? true }
        let previous = tokens
        tokens += added
        do { try save() } catch {
            tokens = previous
            throw error
        }
        return (added, backup.toReactivate)
    }

    /// Replaces a stored token (after setting its generation PIN, say) and saves.
    public mutating func update(_ token: StoredToken) throws {
        guard let index = tokens.firstIndex(where: { $0.id == token.id }) else {
            throw VaultError.noSuchToken(token.id)
        }
        tokens[index] = token
        try save()
    }

    /// Writes the vault atomically.
    public func save() throws {
        let contents = try Self.seal(
            JSONEncoder().encode(Contents(tokens: tokens, toReactivate: toReactivate.isEmpty ? nil : toReactivate)),
            key: dataKey
        )
        var file = File(version: 1, passwordWrap: passwordWrap, platformWrap: platformWrap, contents: contents)
        file.checksum = try Self.checksum(file)
        let data = try Self.encoder.encode(file)
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).new")
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            guard
                FileManager.default.createFile(
                    atPath: temporary.path,
                    contents: data,
                    attributes: [.posixPermissions: 0o600]
                )
            else { throw VaultError.storage("cannot write \(temporary.path)") }
            let handle = try FileHandle(forUpdating: temporary)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else { throw VaultError.storage("cannot replace \(path)") }
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.storage("cannot write the vault at \(path)")
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    private static func read(_ path: String) throws -> File {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VaultError.storage("no vault at \(path)")
        }
        guard let file = try? JSONDecoder().decode(File.self, from: data) else { throw VaultError.damaged }
        guard file.version == 1 else { throw VaultError.unsupportedVersion(file.version) }
        guard let checksum = file.checksum, checksum == (try? Self.checksum(file)) else { throw VaultError.damaged }
        return file
    }

    /// SHA-256 over the file without its checksum.
    private static func checksum(_ file: File) throws -> String {
        var unsummed = file
        unsummed.checksum = nil
        return SHA256.hash(data: try encoder.encode(unsummed)).map { String(format: "%02x", $0) }.joined()
    }

    private static func seal(_ plain: Data, key: SymmetricKey) throws -> Data {
        guard let combined = try AES.GCM.seal(plain, using: key, authenticating: Data("pooya-vault-v1".utf8)).combined
        else { throw VaultError.storage("AES-GCM gave no combined form") }
        return combined
    }

    private static func open(_ sealed: Data, key: SymmetricKey) throws -> Data {
        try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key, authenticating: Data("pooya-vault-v1".utf8))
    }
}
