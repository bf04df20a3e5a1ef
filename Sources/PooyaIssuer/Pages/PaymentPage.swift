import PooyaProtocol

/// A payment gateway's request for a payment page: the payment the cardholder is to approve with a code sent by SMS,
/// and where to send them back.
public struct PaymentPageRequest: Sendable, Hashable {
    /// The merchant's id, as the switch will verify it.
    public var merchantID: String
    /// The merchant's name, as the page and the SMS show it.
    public var merchantName: MerchantName
    /// The amount in rials.
    public var amount: Int64
    /// The gateway's transaction id, as the switch will verify it.
    public var transactionID: String
    /// What the payment is.
    public var transactionType: TransactionType
    /// Where the cardholder goes back to, with the result (its allow-list is the server's).
    public var returnURL: String

    /// Collects the fields.
    public init(
        merchantID: String,
        merchantName: MerchantName,
        amount: Int64,
        transactionID: String,
        transactionType: TransactionType = .purchase,
        returnURL: String
    ) {
        self.merchantID = merchantID
        self.merchantName = merchantName
        self.amount = amount
        self.transactionID = transactionID
        self.transactionType = transactionType
        self.returnURL = returnURL
    }
}

/// What a payment page shows and binds its codes to. It travels sealed in the page's address (``PageAddress``).
public struct PaymentPage: Sendable, Hashable, Codable {
    /// The merchant's id.
    public var merchantID: String
    /// The merchant's name.
    public var merchantName: String
    /// The amount in rials.
    public var amount: Int64
    /// The gateway's transaction id.
    public var transactionID: String
    /// What the payment is.
    public var transactionType: TransactionType
    /// Where the cardholder goes back to.
    public var returnURL: String
    /// When the page's address expires (Unix seconds).
    public var expiresAt: Int64
}

/// The card a cardholder typed on a payment page, once a code was sent for it: the number sealed in an address the
/// page carries from the code's request to its verification, bound to the payment's transaction, with where and until
/// when the code was sent.
public struct PaymentCard: Sendable, Hashable {
    /// The card's sealed address, for the page's next form.
    public var address: PageAddress
    /// The card.
    public var card: CardReference
    /// Where and until when the last code was sent.
    public var sent: ChallengeResult
}

/// The sealed content of a ``PaymentCard``'s address.
private struct PaymentCardContent: Codable {
    var pan: String
    var transactionID: String
    var sentTo: String
    var codeExpiresAt: Int64
}

extension Issuer {
    /// The address of a payment page for `request`, open for ``IssuerPolicy/pageLifetime``, and when it expires.
    ///
    /// - Throws: ``IssuerError/invalidRequest(_:)`` for an amount that is not positive or an empty id;
    ///   ``IssuerError/keyVault(_:)`` when the vault cannot seal.
    public func paymentPageAddress(for request: PaymentPageRequest) throws(IssuerError) -> (
        address: PageAddress, expiresAt: Int64
    ) {
        guard request.amount > 0 else { throw .invalidRequest("the amount must be positive") }
        guard !request.transactionID.isEmpty, !request.merchantID.isEmpty else {
            throw .invalidRequest("the transaction id and merchant id must not be empty")
        }
        let expiresAt = clock.now() + policy.pageLifetime
        let page = PaymentPage(
            merchantID: request.merchantID,
            merchantName: request.merchantName.text,
            amount: request.amount,
            transactionID: request.transactionID,
            transactionType: request.transactionType,
            returnURL: request.returnURL,
            expiresAt: expiresAt
        )
        return (try pageAddress(for: page, purpose: .payment), expiresAt)
    }

    /// The payment page at `address`, while it is open.
    ///
    /// - Throws: ``IssuerError/pageNotFound`` or ``IssuerError/pageExpired``.
    public func paymentPage(at address: PageAddress) throws(IssuerError) -> PaymentPage {
        let page = try pageContent(at: address, purpose: .payment, as: PaymentPage.self)
        guard clock.now() < page.expiresAt else { throw .pageExpired }
        return page
    }

    /// Sends the card typed on `page` a code for this payment alone (``challenge(_:)``'s rules: bound to amount,
    /// merchant and transaction; the card's limits), with the WebOTP line `webOTP`.
    ///
    /// - Returns: the card, sealed for the page's next form, and where and until when the code was sent.
    /// - Throws: what ``challenge(_:)`` throws.
    public func requestPaymentCode(on page: PaymentPage, pan: PAN, webOTP: WebOTPLine?) async throws -> PaymentCard {
        let card = try reference(to: pan)
        let sent = try await challenge(
            ChallengeRequest(
                card: card,
                amount: page.amount,
                merchantID: page.merchantID,
                merchantName: try MerchantName(page.merchantName),
                transactionID: page.transactionID,
                transactionType: page.transactionType,
                webOTP: webOTP
            )
        )
        let content = PaymentCardContent(
            pan: pan.digits,
            transactionID: page.transactionID,
            sentTo: sent.sentTo,
            codeExpiresAt: sent.expiresAt
        )
        return PaymentCard(address: try pageAddress(for: content, purpose: .paymentCard), card: card, sent: sent)
    }

    /// The card of `page` sealed at `address`.
    ///
    /// - Throws: ``IssuerError/pageNotFound`` for an address that is not a card of this page's payment.
    public func paymentCard(at address: PageAddress, on page: PaymentPage) throws(IssuerError) -> PaymentCard {
        let content = try pageContent(at: address, purpose: .paymentCard, as: PaymentCardContent.self)
        guard content.transactionID == page.transactionID else { throw .pageNotFound }
        return PaymentCard(
            address: address,
            card: try reference(to: PAN(parsing: content.pan)),
            sent: ChallengeResult(sentTo: content.sentTo, expiresAt: content.codeExpiresAt)
        )
    }

    /// Verifies the code typed on `page` for `card`: ``verify(_:)`` with the page's amount, merchant and transaction,
    /// so a code sent for another payment is refused.
    public func verifyPayment(on page: PaymentPage, card: CardReference, code typed: String) async throws
        -> Verification
    {
        try await verify(
            VerificationRequest(
                card: card,
                pin: .dynamicCode(PresentedCode(typed: typed)),
                kind: .second,
                amount: page.amount,
                merchantID: page.merchantID,
                transactionID: page.transactionID,
                transactionType: page.transactionType
            )
        )
    }
}
