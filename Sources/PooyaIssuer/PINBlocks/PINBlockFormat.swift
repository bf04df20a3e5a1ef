/// An ISO 9564-1 PIN block format a switch sends a PIN in (ISO 8583 field 52). The raw values are the API's.
public enum PINBlockFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// Format 0 (ANSI X9.8): the PIN field XOR the 12 rightmost PAN digits without the check digit; 8 bytes, TDES.
    case iso0
    /// Format 3: format 0 with random fill digits A–F; 8 bytes, TDES.
    case iso3
    /// Format 4 (ISO 9564-1:2017): a 16-byte PIN field with random padding, bound to the whole PAN between two AES
    /// encipherments; 16 bytes.
    case iso4

    /// The block's length in bytes: its cipher's block.
    public var length: Int { self == .iso4 ? 16 : 8 }

    /// The cipher of the zone PIN keys a block of this format is enciphered under.
    public var cipher: ZoneKeyCipher { self == .iso4 ? .aes : .tdes }
}

/// The cipher of a zone PIN key. The raw values are stored and typed.
public enum ZoneKeyCipher: String, Sendable, Hashable, CaseIterable, Codable {
    /// Triple DES with a double- or triple-length key (16 or 24 bytes), for formats 0 and 3.
    case tdes
    /// AES with a 128-, 192- or 256-bit key, for format 4.
    case aes

    /// The key lengths in bytes a zone key of this cipher may have.
    public var keyLengths: Set<Int> { self == .tdes ? [16, 24] : [16, 24, 32] }
}
