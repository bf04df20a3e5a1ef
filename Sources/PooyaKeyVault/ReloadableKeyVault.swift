public import PooyaIssuer
import Synchronization

/// A ``KeyVault`` whose keys can be replaced while the service runs: every operation goes to the vault in place when
/// it starts, and ``replace(with:)`` puts another in place (the key file read again after a rotation, say). What the
/// old vault sealed still opens if the new one holds its key, as a rotated key file does.
public final class ReloadableKeyVault: KeyVault {
    private let current: Mutex<any KeyVault>

    /// A vault that starts with `vault` in place.
    public init(_ vault: any KeyVault) {
        current = Mutex(vault)
    }

    /// Puts `vault` in place for every operation from now on.
    public func replace(with vault: any KeyVault) {
        current.withLock { $0 = vault }
    }

    private var vault: any KeyVault { current.withLock { $0 } }

    /// The vault in place's.
    public var sealingKeyID: UInt32 { vault.sealingKeyID }
    /// The vault in place's.
    public var receiptKeys: [ReceiptKey] { vault.receiptKeys }
    /// The vault in place's.
    public var zoneKeys: [ZoneKeyInfo] { vault.zoneKeys }

    /// Seals with the vault in place.
    public func seal(_ secret: [UInt8], context: String) throws(KeyVaultError) -> SealedSecret {
        try vault.seal(secret, context: context)
    }

    /// Opens with the vault in place.
    public func open(_ sealed: SealedSecret, context: String) throws(KeyVaultError) -> [UInt8] {
        try vault.open(sealed, context: context)
    }

    /// Digests with the vault in place.
    public func keyedDigest(of bytes: [UInt8]) throws(KeyVaultError) -> String {
        try vault.keyedDigest(of: bytes)
    }

    /// Signs with the vault in place.
    public func signReceipt(_ message: [UInt8], keyID: String) throws(KeyVaultError) -> [UInt8] {
        try vault.signReceipt(message, keyID: keyID)
    }

    /// Opens with the vault in place.
    public func openPINBlock(_ block: EncipheredPINBlock, pan: PAN) throws(PINBlockFault) -> PresentedCode {
        try vault.openPINBlock(block, pan: pan)
    }
}
