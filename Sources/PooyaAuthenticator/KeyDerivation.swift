public import Crypto
public import Foundation

/// How a password became a key, stored with the vault so a later version can read it and upgrade it.
public struct KDFParameters: Codable, Sendable, Hashable {
    /// `scrypt` or `pbkdf2-sha256`.
    public var algorithm: String
    /// Random, 16 bytes or more.
    public var salt: Data
    /// scrypt's N, or PBKDF2's iterations.
    public var cost: Int
    /// scrypt's r (block size); 0 for PBKDF2.
    public var blockSize: Int
    /// scrypt's p (parallelism); 0 for PBKDF2.
    public var parallelism: Int

    /// Collects the fields.
    public init(algorithm: String, salt: Data, cost: Int, blockSize: Int = 0, parallelism: Int = 0) {
        self.algorithm = algorithm
        self.salt = salt
        self.cost = cost
        self.blockSize = blockSize
        self.parallelism = parallelism
    }
}

/// Turns a password into a vault key. The library leaves the choice to the app: the terminal authenticator uses
/// scrypt from swift-crypto's `CryptoExtras`; an iOS app may use another implementation, or a platform key instead
/// (``Vault/open(at:platformKey:)``).
public protocol PasswordKeyDerivation: Sendable {
    /// Parameters for a new or re-keyed vault, with a fresh salt, at today's strength.
    func newParameters() -> KDFParameters

    /// Whether `parameters` are weaker than ``newParameters()``; the vault re-keys when it is next saved.
    func needsUpgrade(_ parameters: KDFParameters) -> Bool

    /// The 256-bit key for `password` under `parameters`.
    func key(password: String, parameters: KDFParameters) throws -> SymmetricKey
}
