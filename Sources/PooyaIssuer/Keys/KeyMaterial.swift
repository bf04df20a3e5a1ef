/// A vault's keys in clear, to move them once from one vault into another (the key file into an HSM's token) at a key
/// ceremony: the only value that carries keys out of a vault. Its description and mirror show how many keys it holds,
/// never one.
public struct KeyMaterial: Sendable, CustomStringConvertible, CustomReflectable {
    /// A receipt-signing key: its Ed25519 private key's 32 bytes, and when a newer one replaced it.
    public struct ReceiptKeyMaterial: Sendable {
        /// The private key's 32 bytes.
        public var privateKey: [UInt8]
        /// When it was retired (Unix seconds); `nil` while it signs.
        public var retiredAt: Int64?

        /// Collects the fields.
        public init(privateKey: [UInt8], retiredAt: Int64?) {
            self.privateKey = privateKey
            self.retiredAt = retiredAt
        }
    }

    /// A zone PIN key.
    public struct ZoneKeyMaterial: Sendable {
        /// Its id.
        public var id: String
        /// Its cipher.
        public var cipher: ZoneKeyCipher
        /// Its bytes.
        public var key: [UInt8]

        /// Collects the fields.
        public init(id: String, cipher: ZoneKeyCipher, key: [UInt8]) {
            self.id = id
            self.cipher = cipher
            self.key = key
        }
    }

    /// The master keys by id (AES-256).
    public var masterKeys: [UInt32: [UInt8]]
    /// The fingerprint key (HMAC-SHA-256, 32 bytes).
    public var fingerprintKey: [UInt8]
    /// The receipt-signing keys, oldest first.
    public var receiptKeys: [ReceiptKeyMaterial]
    /// The zone PIN keys.
    public var zoneKeys: [ZoneKeyMaterial]

    /// Collects the fields.
    public init(
        masterKeys: [UInt32: [UInt8]],
        fingerprintKey: [UInt8],
        receiptKeys: [ReceiptKeyMaterial],
        zoneKeys: [ZoneKeyMaterial]
    ) {
        self.masterKeys = masterKeys
        self.fingerprintKey = fingerprintKey
        self.receiptKeys = receiptKeys
        self.zoneKeys = zoneKeys
    }

    /// How many keys of each kind, never one.
    public var description: String {
        "KeyMaterial(\(masterKeys.count) master, \(receiptKeys.count) receipt, \(zoneKeys.count) zone keys)"
    }
    /// Redacted: `dump` shows no key.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
