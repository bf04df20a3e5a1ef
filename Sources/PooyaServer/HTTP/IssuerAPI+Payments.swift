import PooyaAPI
import PooyaIssuer

extension IssuerAPI {
    func createPaymentPage(_ input: Operations.CreatePaymentPage.Input) async throws
        -> Operations.CreatePaymentPage.Output
    {
        try Authorization.require(.verify)
        guard pages.paymentEnabled else { throw Problem.paymentPagesOff }
        guard case .json(let body) = input.body else { throw Problem.malformed("expected a JSON body") }
        guard pages.allowsReturn(to: body.returnUrl) else {
            throw IssuerError.invalidRequest("returnUrl must start with one of pages.payment.returnUrls")
        }
        let (address, expiresAt) = try issuer.paymentPageAddress(
            for: PaymentPageRequest(
                merchantID: body.merchantId,
                merchantName: try MerchantName(body.merchantName),
                amount: body.amount,
                transactionID: body.transactionId,
                transactionType: body.transactionType?.domain ?? .purchase,
                returnURL: body.returnUrl
            )
        )
        return .created(
            .init(body: .json(.init(pageUrl: pageURL("payment", address), expiresAt: Self.date(expiresAt))))
        )
    }

    /// The absolute URL of the page of `kind` at `address`, on the request's page origin.
    func pageURL(_ kind: String, _ address: PageAddress) -> String {
        pages.origin(requestHost: PageOriginMiddleware.requestHost) + "/pages/\(kind)/\(address.text)"
    }
}
