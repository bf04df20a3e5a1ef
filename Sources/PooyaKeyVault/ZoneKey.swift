import OneTimePassword
public import PooyaIssuer

/// A zone PIN key as a vault that holds keys in memory keeps it: the key a switch enciphers PIN blocks under, shared
/// with the issuer at a key ceremony. Its description and mirror show its id, cipher and check value only.
public struct ZoneKey: Sendable, CustomStringConvertible, CustomReflectable {
    /// What the vault tells about the key.
    public let info: ZoneKeyInfo
    let key: [UInt8]

    /// The key `id` of `cipher` with these bytes.
    ///
    /// - Throws: ``KeyVaultError/unavailable(_:)`` when the length is not one `cipher` takes, or a TDES key's halves
    ///   are equal (single DES in disguise).
    public init(id: String, cipher: ZoneKeyCipher, key: [UInt8]) throws(KeyVaultError) {
        guard cipher.keyLengths.contains(key.count) else {
            throw .unavailable(
                "a \(cipher.rawValue) zone key has \(cipher.keyLengths.sorted()) bytes, not \(key.count)"
            )
        }
        guard cipher == .aes || key[0..<8] != key[8..<16] else {
            throw .unavailable("the zone key's two halves are equal: that is single DES")
        }
        guard let checkValue = Self.checkValue(cipher, key: key) else {
            throw .unavailable("libcrypto could not use the zone key")
        }
        self.info = ZoneKeyInfo(id: id, cipher: cipher, checkValue: checkValue)
        self.key = key
    }

    /// The key check value a key officer compares, 6 hex digits: for TDES the first 3 bytes of zeros enciphered
    /// under the key; for AES the first 3 bytes of the AES-CMAC of a zero block (ANSI X9.24-1:2017).
    public static func checkValue(_ cipher: ZoneKeyCipher, key: [UInt8]) -> String? {
        let check =
            switch cipher {
            case .tdes: BlockCipher.apply(.tdes, key: key, block: Array(repeating: 0, count: 8), encrypt: true)
            case .aes: BlockCipher.cmac(key: key, message: Array(repeating: 0, count: 16))
            }
        return check.map { Hex.encode($0.prefix(3)).uppercased() }
    }

    /// One cipher block deciphered under the key.
    func decipher(_ block: [UInt8]) throws(PINBlockFault) -> [UInt8] {
        guard let clear = BlockCipher.apply(info.cipher, key: key, block: block, encrypt: false) else {
            throw .undecipherable
        }
        return clear
    }

    /// The id, cipher and check value only.
    public var description: String { "ZoneKey(\(info.id), \(info.cipher.rawValue), KCV \(info.checkValue))" }
    /// Redacted: `dump` shows no key.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
