import Foundation

/// A small value sealed into URL- and cookie-safe text: its JSON sealed under the vault's newest master key
/// (AES-GCM) with a context naming what it is for, prefixed by the key's id (4 bytes, big-endian), in base64url. No one
/// without the vault can read, make or change one; a token of one context never opens as another; any node holding
/// the vault's keys opens it. Page addresses and the console's sessions are such tokens.
enum SealedToken {
    /// The token of `content` for `context`.
    ///
    /// - Throws: ``IssuerError/keyVault(_:)`` when the vault cannot seal.
    static func seal(_ content: some Encodable, context: String, vault: any KeyVault) throws(IssuerError) -> String {
        // Strings and numbers only: encoding cannot fail.
        let bytes = (try? JSONEncoder().encode(content)) ?? Data()
        let sealed: SealedSecret
        do { sealed = try vault.seal(Array(bytes), context: context) } catch { throw .keyVault(error) }
        return Base64URL.encode(withUnsafeBytes(of: sealed.keyID.bigEndian) { Array($0) } + Array(sealed.combined))
    }

    /// What the token `text` holds, or `nil` when it does not open for `context` as a `type` (mistyped, of another
    /// context, sealed under a key no longer in the vault, or longer than `maximumLength`).
    ///
    /// - Throws: ``IssuerError/keyVault(_:)`` only when the vault is unavailable.
    static func open<Content: Decodable>(
        _ text: String,
        as type: Content.Type,
        context: String,
        vault: any KeyVault,
        maximumLength: Int = 4096
    ) throws(IssuerError) -> Content? {
        guard text.utf8.count <= maximumLength, let data = Base64URL.decode(text), data.count > 4 else { return nil }
        let keyID = data.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let bytes: [UInt8]
        do {
            bytes = try vault.open(SealedSecret(keyID: keyID, combined: Data(data.dropFirst(4))), context: context)
        } catch {
            if case .unavailable = error { throw .keyVault(error) }
            return nil
        }
        return try? JSONDecoder().decode(type, from: Data(bytes))
    }
}
