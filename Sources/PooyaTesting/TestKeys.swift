import Crypto
public import PooyaKeyVault

/// Keys for tests.
public enum TestKeys {
    /// A key vault with one random master key, a random fingerprint key and a random receipt key, and `zoneKeys`,
    /// held in memory.
    public static func randomVault(zoneKeys: [ZoneKey] = []) throws -> MasterKeyRing {
        try MasterKeyRing(
            masterKeys: [1: SymmetricKey(size: .bits256)],
            currentKeyID: 1,
            fingerprintKey: SymmetricKey(size: .bits256),
            receiptKeys: [randomReceiptKey()],
            zoneKeys: zoneKeys
        )
    }

    /// A random receipt-signing key, retired at `retiredAt` when given.
    public static func randomReceiptKey(retiredAt: Int64? = nil) throws -> ReceiptSigningKey {
        try ReceiptSigningKey(
            rawRepresentation: Curve25519.Signing.PrivateKey().rawRepresentation,
            retiredAt: retiredAt
        )
    }
}
