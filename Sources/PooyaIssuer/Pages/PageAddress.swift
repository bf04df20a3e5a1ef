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
    /// The address of a page showing `content` (a ``SealedToken`` for `page:PURPOSE`).
    ///
    /// - Throws: ``IssuerError/keyVault(_:)`` when the vault cannot seal.
    func pageAddress(for content: some Encodable, purpose: PagePurpose) throws(IssuerError) -> PageAddress {
        PageAddress(try SealedToken.seal(content, context: "page:\(purpose.rawValue)", vault: vault))
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
        guard
            let content = try SealedToken.open(
                address.text,
                as: type,
                context: "page:\(purpose.rawValue)",
                vault: vault
            )
        else { throw .pageNotFound }
        return content
    }
}
