import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OneTimePassword
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
import PooyaServer
import PooyaTesting
import Testing

/// The pages in-process: what the browser tests (Tests/Browser) cannot reach — the clock moved past a page's life,
/// addresses tampered with or moved between payments, the settings that turn payment pages off, and the headers
/// every page carries.
struct PageTests {
    static let merchantURL = "https://shop.example.ir/pay/return"

    static func harness() throws -> ServerHarness {
        var pages = PageSettings()
        pages.paymentEnabled = true
        pages.returnURLPrefixes = [merchantURL]
        pages.publicURL = "https://pin.bank.example"
        return try ServerHarness(pages: pages)
    }

    /// The path of a page URL the API answered.
    static func path(_ url: String) throws -> String {
        try #require(URL(string: url)?.path)
    }

    static func get(_ client: any TestClientProtocol, _ path: String) async throws -> (HTTPResponse, String) {
        let response = try await client.executeRequest(uri: path, method: .get, headers: [:], body: nil)
        return (response.head, String(buffer: response.body))
    }

    static func post(_ client: any TestClientProtocol, _ path: String, _ form: String) async throws
        -> (HTTPResponse, String)
    {
        let response = try await client.executeRequest(
            uri: path,
            method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: form)
        )
        return (response.head, String(buffer: response.body))
    }

    static func internetBankActivation(_ client: Client) async throws -> Components.Schemas.Activation {
        try await client.startActivation(
            body: .json(
                .init(pan: ServerHarness.pan, mobile: ServerHarness.mobile, kind: .second, channel: .internetBank)
            )
        ).created.body.json
    }

    static func paymentPage(_ client: Client, transaction: String = "page-1") async throws -> String {
        try await client.createPaymentPage(
            body: .json(
                .init(
                    merchantId: "shop-9",
                    merchantName: "فروشگاه نمونه",
                    amount: 2_500_000,
                    transactionId: transaction,
                    returnUrl: merchantURL + "?order=42"
                )
            )
        ).created.body.json.pageUrl
    }

    @Test func onlyAnInternetBankActivationHasAPageOnThePublicOrigin() async throws {
        let harness = try Self.harness()
        try await harness.withClient(key: try await harness.key(.cards, .activate)) { client, _ in
            try await harness.registerCard(client)
            let atm = try await client.startActivation(
                body: .json(.init(pan: ServerHarness.pan, mobile: ServerHarness.mobile, kind: .second, channel: .atm))
            ).created.body.json
            #expect(atm.pageUrl == nil)
            let page = try await Self.internetBankActivation(client).pageUrl
            #expect(page?.hasPrefix("https://pin.bank.example/pages/activation/") == true)
        }
    }

    @Test func theActivationPageShowsTheScreenPartWithStrictHeadersAndNeverTheCardNumber() async throws {
        let harness = try Self.harness()
        try await harness.withClient(key: try await harness.key(.cards, .activate)) { client, test in
            try await harness.registerCard(client)
            let activation = try await Self.internetBankActivation(client)
            let path = try Self.path(try #require(activation.pageUrl))
            let (head, html) = try await Self.get(test, path)
            #expect(head.status == .ok)
            #expect(html.contains(#"<html lang="fa" dir="rtl">"#))
            #expect(html.contains(DecimalDigits.persian(activation.receiptCode)))
            #expect(!html.contains(ServerHarness.pan) && !html.contains(DecimalDigits.persian(ServerHarness.pan)))
            let policy = try #require(head.headerFields[.contentSecurityPolicy])
            #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"))
            #expect(!policy.contains("unsafe-inline") && policy.contains("frame-ancestors 'none'"))
            #expect(head.headerFields[.cacheControl] == "no-store")
            #expect(head.headerFields[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(!html.contains("<script>") && !html.contains("style="))

            let (image, svg) = try await Self.get(test, path + "/qr.svg")
            #expect(image.status == .ok && image.headerFields[.contentType] == "image/svg+xml")
            #expect(image.headerFields[.cacheControl] == "no-store" && svg.hasPrefix("<svg"))

            let (english, englishHTML) = try await Self.get(test, path + "?lang=en")
            #expect(english.status == .ok && englishHTML.contains(#"<html lang="en" dir="ltr">"#))
        }
    }

    @Test func anActivationPageExpiresWithItsAddressAndSaysWhatToDo() async throws {
        let harness = try Self.harness()
        try await harness.withClient(key: try await harness.key(.cards, .activate)) { client, test in
            try await harness.registerCard(client)
            let path = try Self.path(try #require(try await Self.internetBankActivation(client).pageUrl))
            harness.clock.advance(by: 15 * 60)
            let (head, html) = try await Self.get(test, path)
            #expect(head.status == .gone && html.contains("زمان این صفحه گذشته است"))
            #expect(try await Self.get(test, path + "/qr.svg").0.status == .gone)
            let (confirm, _) = try await Self.post(test, path + "/confirm", "smsPart=1234")
            #expect(confirm.status == .gone)
        }
    }

    @Test func aNewerActivationClosesTheOlderPage() async throws {
        let harness = try Self.harness()
        try await harness.withClient(key: try await harness.key(.cards, .activate)) { client, test in
            try await harness.registerCard(client)
            let older = try Self.path(try #require(try await Self.internetBankActivation(client).pageUrl))
            _ = try await Self.internetBankActivation(client)
            let (head, html) = try await Self.get(test, older)
            #expect(head.status == .gone && html.contains("این فعال‌سازی به پایان رسیده است"))
        }
    }

    @Test(arguments: ["AAAAAQ", "not-base64!", String(repeating: "A", count: 5000), ""])
    func anAddressThatDoesNotOpenIsAPersianPageNotAProblem(_ address: String) async throws {
        let harness = try Self.harness()
        try await harness.withClient { _, test in
            for path in ["/pages/activation/\(address)", "/pages/payment/\(address)"] {
                let (head, html) = try await Self.get(test, path)
                #expect(head.status == .notFound)
                #expect(head.headerFields[.contentType] == "text/html; charset=utf-8")
                #expect(html.contains(#"dir="rtl""#))
            }
        }
    }

    @Test func anActivationAddressDoesNotOpenAsAPaymentPage() async throws {
        let harness = try Self.harness()
        try await harness.withClient(key: try await harness.key(.cards, .activate)) { client, test in
            try await harness.registerCard(client)
            let path = try Self.path(try #require(try await Self.internetBankActivation(client).pageUrl))
            let address = try #require(path.split(separator: "/").last)
            #expect(try await Self.get(test, "/pages/payment/\(address)").0.status == .notFound)
        }
    }

    @Test func paymentPagesAreOffUnlessTheOperatorTurnsThemOn() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.verify)) { client, test in
            let output = try await client.createPaymentPage(
                body: .json(
                    .init(
                        merchantId: "m",
                        merchantName: "فروشگاه",
                        amount: 1_000,
                        transactionId: "t",
                        returnUrl: Self.merchantURL
                    )
                )
            )
            #expect(try output.notFound.body.applicationProblemJson.code == "payment_pages_off")
            #expect(try await Self.get(test, "/pages/payment/AAAA").0.status == .notFound)
        }
    }

    @Test(arguments: ["https://evil.example/pay/return", "http://shop.example.ir/pay/return", "javascript:alert(1)"])
    func aReturnURLOffTheAllowListIsRefused(_ url: String) async throws {
        let harness = try Self.harness()
        try await harness.withClient(key: try await harness.key(.verify)) { client, _ in
            let output = try await client.createPaymentPage(
                body: .json(
                    .init(merchantId: "m", merchantName: "فروشگاه", amount: 1_000, transactionId: "t", returnUrl: url)
                )
            )
            #expect(try output.unprocessableContent.body.applicationProblemJson.code == "invalid_request")
        }
    }

    @Test func aCodeAskedOnThePaymentPageNamesThePagesHostForWebOTPAndIsApproved() async throws {
        let harness = try Self.harness()
        try await harness.withClient(key: try await harness.key(.cards, .verify)) { client, test in
            try await harness.registerCard(client)
            try await harness.activateWithoutApp()
            let path = try Self.path(try await Self.paymentPage(client))
            let (page, html) = try await Self.get(test, path)
            #expect(page.status == .ok && html.contains("۲٬۵۰۰٬۰۰۰ ریال") && html.contains("۲۵۰٬۰۰۰ تومان"))

            let typed = DecimalDigits.persian("6104 3378 0000 0018")
            let form = "pan=" + (typed.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics) ?? "")
            let (asked, askedHTML) = try await Self.post(test, path + "/code", form)
            #expect(asked.status == .ok && askedHTML.contains(#"autocomplete="one-time-code""#))
            #expect(!askedHTML.contains(ServerHarness.pan))
            let (code, text) = try await ChallengeTests.lastCode(harness)
            #expect(text.hasSuffix("@pin.bank.example #\(code)"))

            let card = try #require(askedHTML.firstMatch(of: /name="card" value="([A-Za-z0-9_-]+)"/)).output.1
            let (approved, approvedHTML) = try await Self.post(test, path + "/verify", "card=\(card)&code=\(code)")
            #expect(approved.status == .ok && approvedHTML.contains("پرداخت تأیید شد"))
            let link = try #require(approvedHTML.firstMatch(of: /href="([^"]+)" id="continue"/)).output.1
            let back = try #require(URLComponents(string: String(link).replacingOccurrences(of: "&amp;", with: "&")))
            let query = Dictionary(uniqueKeysWithValues: (back.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            #expect(back.path == "/pay/return" && query["order"] == "42" && query["status"] == "approved")
            #expect(query["transactionId"] == "page-1")
            let redemption = try await client.verifyReceipt(body: .json(.init(receipt: try #require(query["receipt"]))))
            #expect(try redemption.ok.body.json.status == .redeemed)
        }
    }

    @Test func aCardSealedForOnePaymentDoesNotOpenOnAnother() async throws {
        let harness = try Self.harness()
        try await harness.withClient(key: try await harness.key(.cards, .verify)) { client, test in
            try await harness.registerCard(client)
            try await harness.activateWithoutApp()
            let first = try Self.path(try await Self.paymentPage(client, transaction: "page-1"))
            let second = try Self.path(try await Self.paymentPage(client, transaction: "page-2"))
            let (_, html) = try await Self.post(test, first + "/code", "pan=\(ServerHarness.pan)")
            let card = try #require(html.firstMatch(of: /name="card" value="([A-Za-z0-9_-]+)"/)).output.1
            #expect(try await Self.post(test, second + "/verify", "card=\(card)&code=1234567").0.status == .notFound)
        }
    }

    @Test func aPaymentPageExpiresAfterItsLife() async throws {
        let harness = try Self.harness()
        try await harness.withClient(key: try await harness.key(.verify)) { client, test in
            let path = try Self.path(try await Self.paymentPage(client))
            harness.clock.advance(by: 15 * 60)
            let (head, html) = try await Self.get(test, path)
            #expect(head.status == .gone && html.contains("زمان صفحه گذشته است"))
        }
    }
}
