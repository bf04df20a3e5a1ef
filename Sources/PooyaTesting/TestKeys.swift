import Crypto
public import PooyaIssuer

/// Keys for tests.
public enum TestKeys {
    /// A key vault with one random master key and a random fingerprint key, held in memory.
    public static func randomVault() throws -> MasterKeyRing {
        try MasterKeyRing(
            masterKeys: [1: SymmetricKey(size: .bits256)],
            currentKeyID: 1,
            fingerprintKey: SymmetricKey(size: .bits256)
        )
    }
}
