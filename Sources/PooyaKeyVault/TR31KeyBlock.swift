import OneTimePassword
import PooyaIssuer

/// An ANSI X9.143 (TR-31) key block carrying a PIN encryption key (usage `P0`), as a bank's key management exports a
/// zone PIN key under a key block protection key (KBPK): version B (TDES KBPK, TDES-CMAC) or D (AES KBPK, AES-CMAC).
/// Opening derives the block's encryption and authentication keys from the KBPK (CMAC in counter mode), deciphers the
/// key data in CBC mode with the MAC as its initial vector, and checks the MAC over the header and the clear key data;
/// only then is the key taken out. Blocks with optional blocks are not read.
struct TR31KeyBlock {
    /// The key the block carries, and its cipher (the header's algorithm: `T` TDES, `A` AES).
    let cipher: ZoneKeyCipher
    let key: [UInt8]

    /// Opens `text` under `kbpk`.
    ///
    /// - Throws: ``KeyVaultError/unavailable(_:)`` saying what is wrong with the block, never a key.
    init(opening text: String, kbpk: [UInt8]) throws(KeyVaultError) {
        let block = Array(text.utf8)
        guard block.count >= 16, block.allSatisfy({ $0 < 0x80 }) else { throw Self.malformed("too short") }
        let header = Array(block[0..<16])
        let field = { (range: Range<Int>) in String(decoding: header[range], as: UTF8.self) }
        let version = field(0..<1)
        guard version == "B" || version == "D" else {
            throw .unavailable("TR-31 key block version \(version) is not read: use version B or D")
        }
        guard Int(field(1..<5)) == block.count else { throw Self.malformed("its length field is not its length") }
        guard field(5..<7) == "P0" else {
            throw .unavailable("the TR-31 key block's usage is \(field(5..<7)), not P0 (a PIN encryption key)")
        }
        switch field(7..<8) {
        case "T": cipher = .tdes
        case "A": cipher = .aes
        default: throw .unavailable("the TR-31 key block's algorithm \(field(7..<8)) is neither T nor A")
        }
        guard field(12..<14) == "00" else { throw .unavailable("TR-31 key blocks with optional blocks are not read") }
        let protection: ZoneKeyCipher = version == "B" ? .tdes : .aes
        guard protection.keyLengths.contains(kbpk.count) else {
            let lengths = protection.keyLengths.sorted().map(String.init).joined(separator: ", ")
            throw .unavailable(
                "a version \(version) key block's KBPK is \(protection.rawValue.uppercased()) (\(lengths) bytes)"
            )
        }
        let macLength = version == "B" ? 8 : 16
        let hex = String(decoding: block[16...], as: UTF8.self)
        guard hex.utf8.count > macLength * 2, let body = try? Hex.decode(hex) else {
            throw Self.malformed("its key data is not hex")
        }
        let mac = Array(body.suffix(macLength))
        let encrypted = Array(body.dropLast(macLength))
        let (encryptionKey, authenticationKey) = try Self.derive(protection, kbpk: kbpk)
        guard
            let clear = BlockCipher.decipherChained(protection, key: encryptionKey, iv: mac, data: encrypted),
            let expected = BlockCipher.cmac(protection, key: authenticationKey, message: header + clear),
            ConstantTime.equals(expected, mac)
        else { throw .unavailable("the TR-31 key block does not authenticate under this KBPK") }
        let bits = Int(clear[0]) << 8 | Int(clear[1])
        guard bits.isMultiple(of: 8), clear.count >= 2 + bits / 8, cipher.keyLengths.contains(bits / 8) else {
            throw Self.malformed("its key length is not one a \(cipher.rawValue) key has")
        }
        key = Array(clear[2..<(2 + bits / 8)])
    }

    /// The block's encryption and authentication keys: the KBPK's CMAC over a counter, the key's use (0 encryption,
    /// 1 authentication), the algorithm and the length in bits, as many times as the KBPK has blocks' worth of key.
    private static func derive(_ cipher: ZoneKeyCipher, kbpk: [UInt8]) throws(KeyVaultError) -> ([UInt8], [UInt8]) {
        let (algorithm, calls): (UInt8, Int) =
            switch (cipher, kbpk.count) {
            case (.tdes, 16): (0, 2)
            case (.tdes, _): (1, 3)
            case (.aes, 16): (2, 1)
            case (.aes, 24): (3, 2)
            case (.aes, _): (4, 2)
            }
        let bits = UInt16(kbpk.count * 8)
        func key(usage: UInt8) throws(KeyVaultError) -> [UInt8] {
            var derived: [UInt8] = []
            for counter in 1...calls {
                let input: [UInt8] = [UInt8(counter), 0, usage, 0, 0, algorithm, UInt8(bits >> 8), UInt8(bits & 0xFF)]
                guard let part = BlockCipher.cmac(cipher, key: kbpk, message: input) else {
                    throw .unavailable("libcrypto could not derive the key block's keys")
                }
                derived += part
            }
            return Array(derived.prefix(kbpk.count))
        }
        return (try key(usage: 0), try key(usage: 1))
    }

    private static func malformed(_ why: String) -> KeyVaultError {
        .unavailable("not a TR-31 key block: \(why)")
    }
}
