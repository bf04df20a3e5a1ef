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

/// The staff console in-process: sign-in with a password and a TOTP code, sessions, roles, anti-forgery tokens and
/// the audit of what staff do. The browser tests (Tests/Browser) drive the same pages in Chromium.
struct ConsoleTests {
    /// A browser's side of the console: its cookies, and the pages it was answered.
    final class Browser: @unchecked Sendable {
        let client: any TestClientProtocol
        var cookies: [String: String] = [:]

        init(_ client: any TestClientProtocol) { self.client = client }

        func request(_ method: HTTPRequest.Method, _ path: String, form: [(String, String)]? = nil) async throws
            -> (status: HTTPResponse.Status, html: String, location: String?)
        {
            var headers: HTTPFields = [:]
            if !cookies.isEmpty {
                headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
            }
            var body: ByteBuffer?
            if let form {
                headers[.contentType] = "application/x-www-form-urlencoded"
                let allowed = CharacterSet.alphanumerics
                body = ByteBuffer(
                    string: form.map {
                        "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
                    }.joined(separator: "&")
                )
            }
            let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
            for header in response.head.headerFields[values: .setCookie] {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                let value = pair.count == 2 ? String(pair[1]) : ""
                if header.contains("Max-Age=0") {
                    cookies[String(pair[0])] = nil
                } else {
                    cookies[String(pair[0])] = value
                }
            }
            return (response.head.status, String(buffer: response.body), response.head.headerFields[.location])
        }

        /// The value of the first hidden field `name` on `html`.
        static func field(_ name: String, in html: String) throws -> String {
            let pattern = try Regex("name=\"\(name)\" value=\"([^\"]*)\"")
            return String(try #require(html.firstMatch(of: pattern)?.output[1].substring))
        }
    }

    /// Signs `name` in with `password` and their TOTP, enrolling it from the page when it is their first time.
    static func signIn(_ browser: Browser, _ harness: ServerHarness, name: String, password: String, seed: [UInt8]?)
        async throws -> [UInt8]
    {
        let page = try await browser.request(.get, "/admin/sign-in")
        let csrf = try Browser.field("csrf", in: page.html)
        let code = try await browser.request(
            .post,
            "/admin/sign-in",
            form: [("csrf", csrf), ("name", name), ("password", password)]
        )
        #expect(code.status == .ok)
        let secret: [UInt8]
        if let seed {
            secret = seed
        } else {
            let shown = try #require(code.html.firstMatch(of: /id="totp-secret">([A-Z2-7]+)</)?.output.1)
            secret = try Base32.decode(shown)
        }
        let totp = try TOTP(secret: secret, digits: 6, period: 30)
        let done = try await browser.request(
            .post,
            "/admin/sign-in/code",
            form: [
                ("csrf", csrf), ("ticket", try Browser.field("ticket", in: code.html)),
                ("code", try totp.code(at: harness.clock.now())),
            ]
        )
        #expect(done.status == .seeOther && done.location == "/admin")
        return secret
    }

    static func member(_ harness: ServerHarness, _ name: String, _ role: StaffRole) async throws -> String {
        try await AuditActor.$current.withValue(.staffMember("root")) {
            try await harness.staff.create(name: name, role: role).password
        }
    }

    @Test func aHelpdeskMemberSignsInWithPasswordAndTOTPAndUnlocksACardAuditedUnderTheirName() async throws {
        let harness = try ServerHarness()
        let password = try await Self.member(harness, "sara", .helpdesk)
        try await harness.withClient(key: try await harness.key(.cards, .verify, .admin)) { client, test in
            try await harness.registerCard(client)
            try await harness.activateWithoutApp()
            _ = try await ChallengeTests.challenge(client, transaction: "lock-1").accepted
            for code in ["1111111", "2222222", "3333333"] {
                _ = try await ChallengeTests.verify(client, code: code, transaction: "lock-1")
            }
            let cardID = try #require(try await harness.issuer.cardID(for: PAN(parsing: ServerHarness.pan)))
            #expect(try await harness.issuer.cardStatus(cardID: cardID)?.card.locks.second.isLocked == true)
            let browser = Browser(test)
            _ = try await Self.signIn(browser, harness, name: "sara", password: password, seed: nil)
            let found = try await browser.request(
                .post,
                "/admin/cards/find",
                form: [
                    ("csrf", try Browser.field("csrf", in: try await browser.request(.get, "/admin/cards").html)),
                    ("pan", DecimalDigits.persian(ServerHarness.pan)),
                ]
            )
            let cardPath = try #require(found.location)
            let card = try await browser.request(.get, cardPath)
            #expect(card.status == .ok && card.html.contains("قفل") && !card.html.contains(ServerHarness.pan))
            let unlocked = try await browser.request(
                .post,
                cardPath + "/unlock",
                form: [("csrf", try Browser.field("csrf", in: card.html))]
            )
            #expect(unlocked.status == .seeOther)
            #expect(cardPath == "/admin/cards/\(cardID)")
            let status = try #require(try await harness.issuer.cardStatus(cardID: cardID))
            #expect(!status.card.locks.second.isLocked)
            let trail = try await harness.issuer.auditTrail(cardID: cardID)
            #expect(
                trail.contains { $0.event.action == .pinUnlocked && $0.event.actor == .staff(name: "sara") },
                "\(trail.suffix(3).map { ($0.event.action, $0.event.actor) })"
            )
        }
    }

    @Test func theHelpdeskSendsAnOpenActivationsSMSAgainAsItWasAndNothingWithoutOne() async throws {
        let harness = try ServerHarness()
        let password = try await Self.member(harness, "sara", .helpdesk)
        try await harness.withClient(key: try await harness.key(.cards)) { client, test in
            try await harness.registerCard(client)
            let cardID = try #require(try await harness.issuer.cardID(for: PAN(parsing: ServerHarness.pan)))
            let browser = Browser(test)
            _ = try await Self.signIn(browser, harness, name: "sara", password: password, seed: nil)
            let card = try await browser.request(.get, "/admin/cards/\(cardID)")
            let csrf = try Browser.field("csrf", in: card.html)
            let none = try await browser.request(.post, "/admin/cards/\(cardID)/resend", form: [("csrf", csrf)])
            #expect(none.status == .unprocessableContent && none.html.contains(#"role="alert""#))

            _ = try await harness.issuer.activate(
                ActivationRequest(
                    card: harness.issuer.reference(to: try PAN(parsing: ServerHarness.pan)),
                    mobile: try MobileNumber(parsing: ServerHarness.mobile),
                    kind: .second,
                    channel: .atm
                )
            )
            try await harness.deliverSMS()
            let first = try #require(harness.sms.messages.last)
            let resent = try await browser.request(.post, "/admin/cards/\(cardID)/resend", form: [("csrf", csrf)])
            #expect(resent.status == .seeOther)
            try await harness.deliverSMS()
            let second = try #require(harness.sms.messages.last)
            #expect(harness.sms.messages.count == 2 && second.text == first.text && second.to == first.to)
            #expect(
                try await harness.issuer.auditTrail(cardID: cardID).contains {
                    $0.event.action == .activationSMSResent && $0.event.actor == .staff(name: "sara")
                }
            )
            let page = try await browser.request(.get, "/admin/cards/\(cardID)")
            #expect(!page.html.contains(first.text) && page.html.contains(">activation<"))
        }
    }

    @Test func eachRoleReachesOnlyItsOwnPart() async throws {
        let harness = try ServerHarness()
        let passwords = [
            StaffRole.helpdesk: try await Self.member(harness, "help", .helpdesk),
            .auditor: try await Self.member(harness, "audit", .auditor),
            .operator: try await Self.member(harness, "ops", .operator),
        ]
        let pages: [StaffRole: String] = [
            .helpdesk: "/admin/cards", .auditor: "/admin/audit", .operator: "/admin/keys",
        ]
        try await harness.withClient { _, test in
            for (role, name) in [(StaffRole.helpdesk, "help"), (.auditor, "audit"), (.operator, "ops")] {
                let browser = Browser(test)
                _ = try await Self.signIn(browser, harness, name: name, password: passwords[role]!, seed: nil)
                for (owner, page) in pages {
                    let status = try await browser.request(.get, page).status
                    #expect(status == (owner == role ? .ok : .forbidden), "\(role) on \(page)")
                }
            }
        }
    }

    @Test func aFormWithoutTheSessionsTokenIsRefusedAndChangesNothing() async throws {
        let harness = try ServerHarness()
        let password = try await Self.member(harness, "ops", .operator)
        try await harness.withClient { _, test in
            let browser = Browser(test)
            _ = try await Self.signIn(browser, harness, name: "ops", password: password, seed: nil)
            let forged = try await browser.request(.post, "/admin/keys", form: [("name", "x"), ("scope", "verify")])
            #expect(forged.status == .forbidden)
            #expect(try await harness.keys.list().isEmpty)
            let wrong = try await browser.request(
                .post,
                "/admin/keys",
                form: [("csrf", "0123"), ("name", "x"), ("scope", "verify")]
            )
            #expect(wrong.status == .forbidden)
            #expect(try await harness.keys.list().isEmpty)
            let page = try await browser.request(.get, "/admin/keys")
            let made = try await browser.request(
                .post,
                "/admin/keys",
                form: [("csrf", try Browser.field("csrf", in: page.html)), ("name", "switch"), ("scope", "verify")]
            )
            let secret = try #require(made.html.firstMatch(of: /id="new-key">(pooya_[0-9a-f]+)</)?.output.1)
            #expect(try await harness.keys.authenticate(String(secret))?.scopes == [.verify])
            let key = try #require(try await harness.keys.list().first)
            #expect(
                try await harness.issuer.recentAuditEntries(perChain: 10).contains {
                    $0.event.action == .clientKeyCreated && $0.event.actor == .staff(name: "ops")
                }
            )
            #expect(key.name == "switch")
        }
    }

    @Test func fiveFailedSignInsLockEvenTheRightPasswordForFifteenMinutes() async throws {
        let harness = try ServerHarness()
        let password = try await Self.member(harness, "sara", .helpdesk)
        try await harness.withClient { _, test in
            let browser = Browser(test)
            for _ in 0..<5 {
                let page = try await browser.request(.get, "/admin/sign-in")
                let refused = try await browser.request(
                    .post,
                    "/admin/sign-in",
                    form: [("csrf", try Browser.field("csrf", in: page.html)), ("name", "sara"), ("password", "wrong")]
                )
                #expect(refused.status == .unauthorized || refused.status == .tooManyRequests)
            }
            let page = try await browser.request(.get, "/admin/sign-in")
            let locked = try await browser.request(
                .post,
                "/admin/sign-in",
                form: [("csrf", try Browser.field("csrf", in: page.html)), ("name", "sara"), ("password", password)]
            )
            #expect(locked.status == .tooManyRequests)
            harness.clock.advance(by: 15 * 60 + 1)
            _ = try await Self.signIn(browser, harness, name: "sara", password: password, seed: nil)
            #expect(try await browser.request(.get, "/admin/cards").status == .ok)
        }
    }

    @Test func aSessionEndsWhenIdleAndOnSignOutAndACodeIsNeverAcceptedTwice() async throws {
        let harness = try ServerHarness()
        let password = try await Self.member(harness, "sara", .helpdesk)
        try await harness.withClient { _, test in
            let browser = Browser(test)
            let seed = try await Self.signIn(browser, harness, name: "sara", password: password, seed: nil)
            harness.clock.advance(by: 14 * 60)
            #expect(try await browser.request(.get, "/admin/cards").status == .ok)
            harness.clock.advance(by: 15 * 60 + 1)
            let idle = try await browser.request(.get, "/admin/cards")
            #expect(idle.status == .seeOther && idle.location == "/admin/sign-in")

            _ = try await Self.signIn(browser, harness, name: "sara", password: password, seed: seed)
            let home = try await browser.request(.get, "/admin")
            let stolen = browser.cookies
            let out = try await browser.request(
                .post,
                "/admin/sign-out",
                form: [("csrf", try Browser.field("csrf", in: home.html))]
            )
            #expect(out.status == .seeOther)
            browser.cookies = stolen
            #expect(try await browser.request(.get, "/admin").status == .seeOther, "a session outlived sign-out")

            // The same 30-second step's code again: refused.
            harness.clock.advance(by: 1)
            let page = try await browser.request(.get, "/admin/sign-in")
            let csrf = try Browser.field("csrf", in: page.html)
            let code = try await browser.request(
                .post,
                "/admin/sign-in",
                form: [("csrf", csrf), ("name", "sara"), ("password", password)]
            )
            let totp = try TOTP(secret: seed, digits: 6, period: 30)
            let replay = try await browser.request(
                .post,
                "/admin/sign-in/code",
                form: [
                    ("csrf", csrf), ("ticket", try Browser.field("ticket", in: code.html)),
                    ("code", try totp.code(at: harness.clock.now() - 1)),
                ]
            )
            #expect(replay.status == .unauthorized)
        }
    }

    @Test func anAuditorFiltersTheTrailByEventAndByJalaliDaysInPersianDigits() async throws {
        let harness = try ServerHarness()
        let password = try await Self.member(harness, "audit", .auditor)
        try await harness.withClient(key: try await harness.key(.cards)) { client, test in
            try await harness.registerCard(client)
            let browser = Browser(test)
            _ = try await Self.signIn(browser, harness, name: "audit", password: password, seed: nil)
            let today = DecimalDigits.persian(TehranTime.date(harness.clock.now()))
            let query =
                "?action=card_registered&from=\(today)&to=\(today)"
                .addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""
            let page = try await browser.request(.get, "/admin/audit" + query)
            #expect(page.status == .ok && page.html.contains(#"dir="ltr">card_registered</td>"#))
            #expect(
                !page.html.contains(#"dir="ltr">staff_signed_in</td>"#),
                "the event filter let another event through"
            )
            let tomorrow = DecimalDigits.persian(TehranTime.date(harness.clock.now() + 86_400))
            let later = try await browser.request(
                .get,
                "/admin/audit"
                    + ("?from=\(tomorrow)".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")
            )
            #expect(
                !later.html.contains(#"dir="ltr">card_registered</td>"#),
                "the day filter let an earlier entry through"
            )
            let bad = try await browser.request(.get, "/admin/audit?from=1405-13-40")
            #expect(bad.html.contains("۱۴۰۵/۰۹/۱۶"))
            let verify = try await browser.request(.get, "/admin/audit/verify")
            #expect(verify.html.contains("زنجیره‌های حسابرسی سالم است"))
        }
    }

    @Test func anEnglishSignInStaysEnglishThroughTheConsole() async throws {
        let harness = try ServerHarness()
        let password = try await Self.member(harness, "sara", .helpdesk)
        try await harness.withClient { _, test in
            let browser = Browser(test)
            let page = try await browser.request(.get, "/admin/sign-in?lang=en")
            #expect(page.html.contains(#"<html lang="en" dir="ltr">"#))
            #expect(page.html.contains(#"action="/admin/sign-in?lang=en""#))
            let csrf = try Browser.field("csrf", in: page.html)
            let code = try await browser.request(
                .post,
                "/admin/sign-in?lang=en",
                form: [("csrf", csrf), ("name", "sara"), ("password", password)]
            )
            #expect(code.html.contains("Type its 6-digit code") || code.html.contains("authenticator app"))
            let shown = try #require(code.html.firstMatch(of: /id="totp-secret">([A-Z2-7]+)</)?.output.1)
            let totp = try TOTP(secret: try Base32.decode(shown), digits: 6, period: 30)
            let done = try await browser.request(
                .post,
                "/admin/sign-in/code?lang=en",
                form: [
                    ("csrf", csrf), ("ticket", try Browser.field("ticket", in: code.html)),
                    ("code", try totp.code(at: harness.clock.now())),
                ]
            )
            #expect(done.location == "/admin?lang=en")
            let home = try await browser.request(.get, "/admin?lang=en")
            #expect(home.html.contains(#"href="/admin/cards?lang=en""#) && home.html.contains("Role: Helpdesk"))
        }
    }

    @Test func withoutASessionEveryConsolePageSendsToTheSignIn() async throws {
        let harness = try ServerHarness()
        try await harness.withClient { _, test in
            let browser = Browser(test)
            for path in ["/admin", "/admin/cards", "/admin/audit", "/admin/keys", "/admin/sms", "/admin/health"] {
                let answer = try await browser.request(.get, path)
                #expect(answer.status == .seeOther && answer.location == "/admin/sign-in", "\(path)")
            }
            let unknown = try await browser.request(.get, "/admin/no/such/page")
            #expect(unknown.status == .notFound && unknown.html.contains(#"dir="rtl""#))
            browser.cookies["pooya_session"] = "forged"
            #expect(try await browser.request(.get, "/admin").status == .seeOther)
            let posted = try await browser.request(.post, "/admin/cards/crd_x/unlock", form: [("csrf", "x")])
            #expect(posted.status == .seeOther)
        }
    }
}
