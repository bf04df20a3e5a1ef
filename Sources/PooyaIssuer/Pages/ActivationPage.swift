import PooyaProtocol

/// What the internet bank's activation page shows its signed-in cardholder: the screen part and its QR payload, the
/// masked card, the bank, the mobile the SMS part went to, and until when the activation and the page last. It
/// travels sealed in the page's address (``PageAddress``), never stored.
public struct ActivationPage: Sendable, Hashable, Codable {
    /// The ticket's serial.
    public var serial: String
    /// The screen part's digits.
    public var screenPart: String
    /// The QR payload: serial and screen part, as `pooya token add --qr` and the app read it.
    public var qrPayload: String
    /// The card's number, masked.
    public var maskedPAN: String
    /// The issuing bank's English name.
    public var bankName: String
    /// The issuing bank's Persian name.
    public var bankPersianName: String
    /// The masked mobile the SMS part was sent to.
    public var sentTo: String
    /// When the activation expires (Unix seconds).
    public var activationExpiresAt: Int64
    /// When the page's address expires (Unix seconds): the earlier of the activation's expiry and the policy's
    /// ``IssuerPolicy/pageLifetime`` after it was made.
    public var expiresAt: Int64
}

/// What the activation page's address answers now.
public enum ActivationPageState: Sendable, Hashable {
    /// The activation is open: the page as made.
    case open(ActivationPage)
    /// The activation was completed, replaced by a newer one or ran out of attempts: the card, masked.
    case closed(maskedPAN: String)
    /// The page's address or the activation expired: the card, masked.
    case expired(maskedPAN: String)
}

extension Issuer {
    /// The address of the activation page of `result`, an internet-bank activation's: it opens until the earlier of
    /// the activation's expiry and ``IssuerPolicy/pageLifetime`` from now.
    ///
    /// - Throws: ``IssuerError/invalidRequest(_:)`` for an activation without a QR payload (not the internet bank's);
    ///   ``IssuerError/keyVault(_:)`` when the vault cannot seal.
    public func activationPageAddress(for result: ActivationResult) throws(IssuerError) -> PageAddress {
        guard let qrPayload = result.qrPayload else {
            throw .invalidRequest("only an internet-bank activation has a page")
        }
        let page = ActivationPage(
            serial: result.serial.digits,
            screenPart: result.receipt.digits,
            qrPayload: qrPayload,
            maskedPAN: result.maskedPAN,
            bankName: result.bankName,
            bankPersianName: result.bankPersianName,
            sentTo: result.sentTo,
            activationExpiresAt: result.expiresAt,
            expiresAt: min(result.expiresAt, clock.now() + policy.pageLifetime)
        )
        return try pageAddress(for: page, purpose: .activation)
    }

    /// The activation page at `address`, as it stands now: open while its address and its activation are, else
    /// closed (used, replaced, exhausted) or expired.
    ///
    /// - Throws: ``IssuerError/pageNotFound`` for an address that is not an activation page's.
    public func activationPage(at address: PageAddress) async throws -> ActivationPageState {
        let page = try pageContent(at: address, purpose: .activation, as: ActivationPage.self)
        let now = clock.now()
        guard now < page.expiresAt else { return .expired(maskedPAN: page.maskedPAN) }
        guard let fingerprint = try await store.cardFingerprint(ticketSerial: page.serial),
            let ticket = try await store.readCard(fingerprint)?.tickets.first(where: { $0.serial == page.serial }),
            ticket.closedAt == nil
        else { return .closed(maskedPAN: page.maskedPAN) }
        guard now < ticket.expiresAt else { return .expired(maskedPAN: page.maskedPAN) }
        return .open(page)
    }

    /// Completes the activation of the page at `address` without an app: the cardholder typed the SMS part back on
    /// the page. The rules of ``confirmActivation(serial:smsPart:)``, while the page's address is open.
    ///
    /// - Throws: ``IssuerError/pageNotFound``, ``IssuerError/pageExpired``, or what
    ///   ``confirmActivation(serial:smsPart:)`` throws.
    public func confirmActivation(onPage address: PageAddress, smsPart typed: String) async throws
        -> ActivationConfirmation
    {
        let page = try pageContent(at: address, purpose: .activation, as: ActivationPage.self)
        guard clock.now() < page.expiresAt else { throw IssuerError.pageExpired }
        return try await confirmActivation(serial: page.serial, smsPart: typed)
    }
}
