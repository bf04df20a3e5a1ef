import Hummingbird
import NIOCore
import PooyaIssuer

/// The internet bank's activation page (`/pages/activation/ADDRESS`): the screen part and its QR code for the app,
/// the SMS part's form for a cardholder without one, and once the activation is used or expired, a page that says so
/// and what to do. Its QR code alone is `…/qr.svg`, for the bank's own app. Thin: each answer is one issuer call.
struct ActivationPageRoutes {
    let issuer: Issuer
    let clock: any WallClock
    let renderer: PageRenderer

    func register(on pages: RouterGroup<PooyaRequestContext>) {
        pages.get("activation/:address") { request, context in
            try await show(PageAddress(try context.parameters.require("address")), request: request)
        }
        pages.get("activation/:address/qr.svg") { _, context in
            try await qrCode(PageAddress(try context.parameters.require("address")))
        }
        pages.post("activation/:address/confirm") { request, context in
            try await confirm(PageAddress(try context.parameters.require("address")), request: request)
        }
    }

    private func show(_ address: PageAddress, request: Request, message: String? = nil) async throws -> Response {
        let language = Language(page: request)
        switch try await issuer.activationPage(at: address) {
        case .open(let page):
            let now = clock.now()
            let path = "/pages/activation/\(address.text)"
            var values: [String: Any] = [
                "bank": language == .persian ? page.bankPersianName : page.bankName,
                "maskedPAN": language.digits(page.maskedPAN), "screenPart": language.digits(page.screenPart),
                "qrURL": path + "/qr.svg", "sentTo": language.digits(page.sentTo),
                "activationExpires": language.time(page.activationExpiresAt),
                "activationExpiresISO": isoTime(page.activationExpiresAt),
                "secondsLeft": page.activationExpiresAt - now,
                "remaining": language.countdown(page.activationExpiresAt - now),
                "pageExpires": language.time(page.expiresAt), "pageExpiresISO": isoTime(page.expiresAt),
                "confirmURL": path + "/confirm" + language.query,
            ]
            if let message { values["message"] = message }
            return renderer.page(
                "activation",
                title: PageText.text("activationTitle", language),
                values: values,
                language: language,
                status: message == nil ? .ok : .unprocessableContent,
                languageLink: path
            )
        case .closed:
            return renderer.message(
                title: PageText.text("closedTitle", language),
                text: PageText.text("closedText", language),
                language: language,
                status: .gone
            )
        case .expired:
            return renderer.message(
                title: PageText.text("expiredTitle", language),
                text: PageText.text("expiredText", language),
                language: language,
                status: .gone
            )
        }
    }

    private func qrCode(_ address: PageAddress) async throws -> Response {
        guard case .open(let page) = try await issuer.activationPage(at: address) else {
            throw IssuerError.pageExpired
        }
        guard let svg = QRCodeImage.svg(for: page.qrPayload) else { throw IssuerError.pageNotFound }
        return Response(
            status: .ok,
            headers: renderer.headers(contentType: "image/svg+xml"),
            body: .init(byteBuffer: ByteBuffer(string: svg))
        )
    }

    private func confirm(_ address: PageAddress, request: Request) async throws -> Response {
        let language = Language(page: request)
        let form = try await PageForm(request)
        do {
            _ = try await issuer.confirmActivation(onPage: address, smsPart: form["smsPart"] ?? "")
        } catch let error as IssuerError {
            switch error {
            case .activationCodeMismatch, .invalidRequest:
                let problem = Problem(error)
                return try await show(
                    address,
                    request: request,
                    message: language == .persian ? language.digits(problem.detail.fa) : problem.detail.en
                )
            default: throw error
            }
        }
        return renderer.message(
            title: PageText.text("confirmedTitle", language),
            text: PageText.text("confirmedText", language),
            language: language
        )
    }
}
