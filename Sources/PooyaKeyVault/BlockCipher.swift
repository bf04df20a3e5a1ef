import COpenSSL
import PooyaIssuer

/// Single cipher blocks under a zone PIN key, through OpenSSL's libcrypto: TDES (two- or three-key EDE) and AES in
/// ECB mode without padding, and AES-CMAC. Never hand-written ciphers.
enum BlockCipher {
    /// `block` (8 bytes for TDES, 16 for AES) deciphered, or enciphered when `encrypt`, under `key`.
    ///
    /// - Returns: `nil` when libcrypto refuses (a key or block of a wrong length).
    static func apply(_ cipher: ZoneKeyCipher, key: [UInt8], block: [UInt8], encrypt: Bool) -> [UInt8]? {
        guard let algorithm = evpCipher(cipher, keyLength: key.count, chained: false),
            block.count == Int(EVP_CIPHER_get_block_size(algorithm))
        else { return nil }
        return run(algorithm, key: key, iv: nil, data: block, encrypt: encrypt)
    }

    /// `data` (whole blocks) deciphered in CBC mode under `key` from the initial vector `iv`.
    static func decipherChained(_ cipher: ZoneKeyCipher, key: [UInt8], iv: [UInt8], data: [UInt8]) -> [UInt8]? {
        guard let algorithm = evpCipher(cipher, keyLength: key.count, chained: true),
            iv.count == Int(EVP_CIPHER_get_block_size(algorithm)),
            !data.isEmpty, data.count.isMultiple(of: iv.count)
        else { return nil }
        return run(algorithm, key: key, iv: iv, data: data, encrypt: false)
    }

    private static func run(_ algorithm: OpaquePointer, key: [UInt8], iv: [UInt8]?, data block: [UInt8], encrypt: Bool)
        -> [UInt8]?
    {
        guard let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_CipherInit_ex(context, algorithm, nil, key, iv, encrypt ? 1 : 0) == 1,
            EVP_CIPHER_CTX_set_padding(context, 0) == 1
        else { return nil }
        var output = [UInt8](repeating: 0, count: block.count * 2)
        var written: Int32 = 0
        var finished: Int32 = 0
        let updated = output.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherUpdate(context, buffer.baseAddress, &written, block, Int32(block.count))
        }
        guard updated == 1 else { return nil }
        let final = output.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherFinal_ex(context, buffer.baseAddress! + Int(written), &finished)
        }
        guard final == 1, Int(written + finished) == block.count else { return nil }
        return Array(output.prefix(block.count))
    }

    /// The CMAC (NIST SP 800-38B) of `message` under `key`: AES (16 bytes), or TDES (8 bytes; a double-length key is
    /// used as K1 K2 K1).
    static func cmac(_ cipher: ZoneKeyCipher = .aes, key: [UInt8], message: [UInt8]) -> [UInt8]? {
        let cipherName: String
        var key = key
        switch (cipher, key.count) {
        case (.aes, 16): cipherName = "AES-128-CBC"
        case (.aes, 24): cipherName = "AES-192-CBC"
        case (.aes, 32): cipherName = "AES-256-CBC"
        case (.tdes, 16):
            cipherName = "DES-EDE3-CBC"
            key += key.prefix(8)
        case (.tdes, 24): cipherName = "DES-EDE3-CBC"
        default: return nil
        }
        guard let mac = EVP_MAC_fetch(nil, "CMAC", nil) else { return nil }
        defer { EVP_MAC_free(mac) }
        guard let context = EVP_MAC_CTX_new(mac) else { return nil }
        defer { EVP_MAC_CTX_free(context) }
        var name = Array(cipherName.utf8CString)
        let initialised = name.withUnsafeMutableBufferPointer { buffer in
            var parameters = [
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, buffer.baseAddress, 0),
                OSSL_PARAM_construct_end(),
            ]
            return EVP_MAC_init(context, key, key.count, &parameters)
        }
        guard initialised == 1, EVP_MAC_update(context, message, message.count) == 1 else { return nil }
        let blockSize = cipher == .aes ? 16 : 8
        var tag = [UInt8](repeating: 0, count: blockSize)
        var length = 0
        guard EVP_MAC_final(context, &tag, &length, tag.count) == 1, length == blockSize else { return nil }
        return tag
    }

    private static func evpCipher(_ cipher: ZoneKeyCipher, keyLength: Int, chained: Bool) -> OpaquePointer? {
        switch (cipher, keyLength, chained) {
        case (.tdes, 16, false): EVP_des_ede_ecb()
        case (.tdes, 24, false): EVP_des_ede3_ecb()
        case (.aes, 16, false): EVP_aes_128_ecb()
        case (.aes, 24, false): EVP_aes_192_ecb()
        case (.aes, 32, false): EVP_aes_256_ecb()
        case (.tdes, 16, true): EVP_des_ede_cbc()
        case (.tdes, 24, true): EVP_des_ede3_cbc()
        case (.aes, 16, true): EVP_aes_128_cbc()
        case (.aes, 24, true): EVP_aes_192_cbc()
        case (.aes, 32, true): EVP_aes_256_cbc()
        default: nil
        }
    }
}
