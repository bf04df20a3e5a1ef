/// What a key vault tells about a zone PIN key: never the key, only what a key officer compares.
public struct ZoneKeyInfo: Sendable, Hashable, Codable {
    /// The id switches name in `zoneKeyId`.
    public var id: String
    /// Its cipher.
    public var cipher: ZoneKeyCipher
    /// Its key check value, 6 hex digits in capitals.
    public var checkValue: String

    /// Collects the fields.
    public init(id: String, cipher: ZoneKeyCipher, checkValue: String) {
        self.id = id
        self.cipher = cipher
        self.checkValue = checkValue
    }
}
