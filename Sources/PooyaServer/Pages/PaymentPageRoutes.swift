import Foundation
import Hummingbird
import PooyaIssuer

/// The payment page (`/pages/payment/ADDRESS`), a reference for payment gateways: the merchant and the amount, the
/// card number, the «درخواست رمز پویا» button that sends a code bound to this payment, the code's form, and the way
/// back to the merchant with the result — for an approval, the signed receipt (`receipt`), which the gateway checks
/// and redeems (`POST /v1/receipts/verify`); a cancelled or refused payment goes back with `status` only, since only
/// an approval needs proof. Thin: each answer is one issuer call.
struct PaymentPageRoutes {
    let issuer: Issuer
    let clock: any WallClock
    let renderer: PageRenderer
    let limiters: RateLimiters

    func register(on pages: RouterGroup<PooyaRequestContext>) {
        pages.get("payment/:address") { request, context in
            let address = PageAddress(try context.parameters.require("address"))
            return render(try issuer.paymentPage(at: address), at: address, request: request)
        }
        pages.post("payment/:address/code") { request, context in
            try await requestCode(PageAddress(try context.parameters.require("address")), request: request)
        }
        pages.post("payment/:address/verify") { request, context in
            try await verify(PageAddress(try context.parameters.require("address")), request: request)
        }
    }

    private func render(
        _ page: PaymentPage,
        at address: PageAddress,
        request: Request,
        card: PaymentCard? = nil,
        message: String? = nil
    ) -> Response {
        let language = Language(page: request)
        let path = "/pages/payment/\(address.text)"
        var values: [String: Any] = [
            "merchantName": page.merchantName,
            "amountRials": language.amount(page.amount, unit: "rials"),
            "amountToman": language.amount(page.amount / 10, unit: "tomanSuffix"),
            "codeURL": path + "/code" + language.query, "verifyURL": path + "/verify" + language.query,
            "cancelURL": PaymentReturn.url(page.returnURL, status: "cancelled", transactionID: page.transactionID),
        ]
        if let message { values["message"] = message }
        if let card {
            let left = card.sent.expiresAt - clock.now()
            values["card"] = [
                "maskedPAN": language.digits(card.card.pan.masked), "cardAddress": card.address.text,
                "sentTo": language.digits(card.sent.sentTo), "secondsLeft": max(0, left),
                "remaining": language.countdown(left),
            ]
        }
        return renderer.page(
            "payment",
            title: PageText.text("paymentTitle", language),
            values: values,
            language: language,
            status: message == nil ? .ok : .unprocessableContent,
            languageLink: card == nil ? path : nil
        )
    }

    private func requestCode(_ address: PageAddress, request: Request) async throws -> Response {
        let page = try issuer.paymentPage(at: address)
        let form = try await PageForm(request)
        let language = Language(page: request)
        var typed: PaymentCard?
        do {
            let pan: PAN
            if let sealed = form["card"] {
                let card = try issuer.paymentCard(at: PageAddress(sealed), on: page)
                typed = card
                pan = card.card.pan
            } else {
                pan = try PAN(parsing: form["pan"] ?? "")
            }
            let card = try await issuer.requestPaymentCode(on: page, pan: pan, webOTP: webOTPLine(request))
            return render(page, at: address, request: request, card: card)
        } catch {
            guard let message = Self.message(for: error, language: language) else { throw error }
            return render(page, at: address, request: request, card: typed, message: message)
        }
    }

    private func verify(_ address: PageAddress, request: Request) async throws -> Response {
        let page = try issuer.paymentPage(at: address)
        let form = try await PageForm(request)
        let language = Language(page: request)
        let typed = try issuer.paymentCard(at: PageAddress(form["card"] ?? ""), on: page)
        try await RateLimiters.check(limiters.cardVerifications, typed.card.fingerprint.hex)
        let verification: Verification
        do {
            verification = try await issuer.verifyPayment(on: page, card: typed.card, code: form["code"] ?? "")
        } catch {
            guard let message = Self.message(for: error, language: language) else { throw error }
            return render(page, at: address, request: request, card: typed, message: message)
        }
        switch verification.decision {
        case .approved, .staticPINAllowed:
            return renderer.message(
                title: PageText.text("approvedTitle", language),
                text: PageText.text("approvedText", language),
                link: (
                    PaymentReturn.url(
                        page.returnURL,
                        status: "approved",
                        transactionID: page.transactionID,
                        receipt: verification.receipt?.token
                    ),
                    PageText.text("back", language)
                ),
                language: language
            )
        case .rejected, .clockDrift:
            let (text, final) = Self.refusal(verification.decision, language: language)
            guard final else { return render(page, at: address, request: request, card: typed, message: text) }
            return renderer.message(
                title: PageText.text("refusedTitle", language),
                text: text,
                link: (
                    PaymentReturn.url(page.returnURL, status: "refused", transactionID: page.transactionID),
                    PageText.text("back", language)
                ),
                language: language,
                status: .unprocessableContent
            )
        }
    }

    /// What the page says about a refusal, in `language`, and whether it ends the payment (`final`) or the
    /// cardholder may type another code or ask for one: wrong code, attempts left; locked, go to an ATM; expired or
    /// used, ask again.
    private static func refusal(_ decision: VerificationDecision, language: Language) -> (text: String, final: Bool) {
        switch decision {
        case .rejected(.locked, _), .rejected(.invalidCode, attemptsLeft: 0), .clockDrift(_, attemptsLeft: 0):
            (PageText.text("locked", language), true)
        case .rejected(.invalidCode, let left): (language.text("invalidCode", left), false)
        case .clockDrift(_, let left): (language.text("clockDrift", left), false)
        case .rejected(.expired, _): (PageText.text("codeExpired", language), false)
        case .rejected(.replayed, _): (PageText.text("replayed", language), false)
        case .rejected(.transactionMismatch, _), .rejected(.amountMismatch, _), .rejected(.merchantMismatch, _),
            .rejected(.transactionTypeMismatch, _):
            (PageText.text("otherPayment", language), false)
        case .rejected, .approved, .staticPINAllowed: (PageText.text("refusedOther", language), true)
        }
    }

    /// The WebOTP line naming this page's host, so the browser showing it offers the SMS's code; `nil` when the
    /// host is not a name the line can carry (an IP address), and the issuer's `sms.webOtpHost` applies.
    private func webOTPLine(_ request: Request) -> WebOTPLine? {
        let origin = renderer.settings.origin(requestHost: request.head.authority)
        guard let host = URL(string: origin)?.host, let name = try? WebOTPHost(host) else { return nil }
        return WebOTPLine(top: name)
    }

    /// What the page says for an error the cardholder can act on, in `language`; `nil` for the others, which become
    /// an error page.
    private static func message(for error: any Error, language: Language) -> String? {
        guard let error = error as? IssuerError else { return nil }
        switch error {
        case .codesLocked: return PageText.text("locked", language)
        case .tooManyCodes(let seconds): return language.text("tooMany", Int(seconds))
        case .invalidPAN, .unknownCard, .malformedCode, .notActivated, .codesNotOffered, .cardSuspended, .cardBlocked:
            let problem = Problem(error)
            return language == .persian ? language.digits(problem.detail.fa) : problem.detail.en
        default: return nil
        }
    }
}

/// The merchant's return URL with a payment's result in its query.
enum PaymentReturn {
    /// `returnURL` with `status`, `transactionId` and, for an approval, `receipt` added to its query.
    static func url(_ returnURL: String, status: String, transactionID: String, receipt: String? = nil) -> String {
        guard var components = URLComponents(string: returnURL) else { return returnURL }
        var items = components.queryItems ?? []
        items.append(URLQueryItem(name: "status", value: status))
        items.append(URLQueryItem(name: "transactionId", value: transactionID))
        if let receipt { items.append(URLQueryItem(name: "receipt", value: receipt)) }
        components.queryItems = items
        return components.string ?? returnURL
    }
}
