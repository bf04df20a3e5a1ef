import Foundation

/// Where a page is served: the last segment of its URL, which carries what the page shows sealed under the vault's
/// newest master key (AES-GCM) with the page's purpose as context. It cannot be guessed or forged, any node sharing the
/// vault opens it, nothing is stored for it, and what it holds says until when it may be opened. Its text is a
/// capability, so it shows itself as redacted.
public struct PageAddress: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The address, in base64url: the master key's id (4 bytes, big-endian), then the sealed content.
    public let text: String

    /// Redacted.
    public var description: String { "PageAddress(redacted)" }
    /// Redacted.
    public var debugDescription: String { description }

    /// An address as it came in a URL; ``Issuer`` opens it.
    public init(_ text: String) {
        self.text = text
    }
}

/// What a page address is for: the context its content is sealed under, so an address of one kind never opens as
/// another.
enum PagePurpose: String {
    /// The internet bank's activation page.
    case activation
    /// A payment page, before a card is typed.
    case payment
    /// A payment page's card, once typed (the number sealed, bound to the payment's transaction).
    case paymentCard = "payment-card"
}

extension Issuer {
    /// The address of a page showing `content`.
    ///
    /// - Throws: ``IssuerError/keyVault(_:)`` when the vault cannot seal.
    func pageAddress(for content: some Encodable, purpose: PagePurpose) throws(IssuerError) -> PageAddress {
        // Strings and numbers only: encoding cannot fail.
        let bytes = (try? JSONEncoder().encode(content)) ?? Data()
        let sealed = try seal(Array(bytes), context: "page:\(purpose.rawValue)")
        let keyID = withUnsafeBytes(of: sealed.keyID.bigEndian) { Array($0) }
        return PageAddress(Base64URL.encode(keyID + Array(sealed.combined)))
    }

    /// What the page at `address` shows.
    ///
    /// - Throws: ``IssuerError/pageNotFound`` for an address that does not open (mistyped, of another purpose, or
    ///   sealed under a key no longer in the vault); ``IssuerError/keyVault(_:)`` when the vault is unavailable.
    func pageContent<Content: Decodable>(
        at address: PageAddress,
        purpose: PagePurpose,
        as type: Content.Type
    ) throws(IssuerError) -> Content {
        // A page's content is at most a few hundred bytes and a return URL (1 KiB): anything longer is not an address.
        guard address.text.utf8.count <= 4096, let data = Base64URL.decode(address.text), data.count > 4 else {
            throw .pageNotFound
        }
        let keyID = data.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let bytes: [UInt8]
        do {
            bytes = try vault.open(
                SealedSecret(keyID: keyID, combined: Data(data.dropFirst(4))),
                context: "page:\(purpose.rawValue)"
            )
        } catch {
            if case .unavailable = error { throw .keyVault(error) }
            throw .pageNotFound
        }
        guard let content = try? JSONDecoder().decode(type, from: Data(bytes)) else { throw .pageNotFound }
        return content
    }
}
