/// What a key vault tells about a zone PIN key: never the key, only what a key officer compares.
public struct ZoneKeyInfo: Sendable, Hashable, Codable {
    /// The id switches name in `zoneKeyId`.
    public var id: String
    /// Its cipher.
    public var cipher: ZoneKeyCipher
    /// Its key check value, 6 hex digits in capitals.
    public var checkValue: String

    /// Whether `id` may name a zone key: 1 to 32 ASCII letters, digits, `.`, `_` or `-`.
    ///
    /// - Throws: ``KeyVaultError/unavailable(_:)`` saying what an id is.
    public static func check(id: String) throws(KeyVaultError) {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-".utf8)
        guard (1...32).contains(id.utf8.count), id.utf8.allSatisfy(allowed.contains) else {
            throw .unavailable("a zone key id is 1 to 32 letters, digits, '.', '_' or '-'")
        }
    }

    /// Collects the fields.
    public init(id: String, cipher: ZoneKeyCipher, checkValue: String) {
        self.id = id
        self.cipher = cipher
        self.checkValue = checkValue
    }
}
