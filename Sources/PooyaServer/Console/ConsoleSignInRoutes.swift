import Foundation
import HTTPTypes
import Hummingbird
import OneTimePassword
import PooyaIssuer

/// Signing in to the console: a password, then a TOTP code (on the first sign-in, enrolled from a QR code), then a
/// session; and signing out. The sign-in's forms carry an anti-forgery token of their own, kept in a short cookie
/// (there is no session yet).
struct ConsoleSignInRoutes {
    let console: Console

    func register(on admin: RouterGroup<PooyaRequestContext>) {
        admin.get("sign-in") { request, _ in signInPage(request) }
        admin.post("sign-in") { request, _ in try await checkPassword(request) }
        admin.post("sign-in/code") { request, _ in try await checkCode(request) }
        console.action(admin, "sign-out", role: nil) { request, _, session, _ in
            try await console.accounts.signOut(session)
            return Console.redirect(
                to: "/admin/sign-in",
                keeping: request,
                cookies: [Console.cookie(Console.sessionCookie, value: "", maxAge: 0)]
            )
        }
        console.page(admin, "", role: nil) { request, _, session in
            let role = console.text(session.role.rawValue, Language(page: request))
            return console.render(
                "consoleHome",
                title: "console",
                values: ["roleName": role],
                request: request,
                session: session
            )
        }
    }

    private func signInPage(_ request: Request, message: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let language = Language(page: request)
        var generator = SystemRandomNumberGenerator()
        let token = Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        var values: [String: Any] = ["csrf": token, "q": language.query]
        if let message { values["message"] = message }
        var response = console.renderer.page(
            "signIn",
            title: console.text("signInTitle", language),
            values: values,
            language: language,
            status: status
        )
        response.setCookie(Console.cookie(Console.signInCookie, value: token, maxAge: 600))
        return response
    }

    /// The sign-in form's token, when it matches its cookie.
    private func signInForm(_ request: Request) async throws -> (PageForm, csrf: String)? {
        let form = try await PageForm(request)
        guard let cookie = request.cookies[Console.signInCookie]?.value, let sent = form["csrf"],
            ConstantTime.equals(Array(cookie.utf8), Array(sent.utf8))
        else { return nil }
        return (form, cookie)
    }

    private func checkPassword(_ request: Request) async throws -> Response {
        let language = Language(page: request)
        guard let (form, csrf) = try await signInForm(request) else {
            return signInPage(request, message: console.text("formExpired", language), status: .forbidden)
        }
        switch try await console.accounts.checkPassword(name: form["name"] ?? "", password: form["password"] ?? "") {
        case .accepted(let member): return try codePage(request, member: member, csrf: csrf)
        case .refused: return signInPage(request, message: console.text("refused", language), status: .unauthorized)
        case .locked(let until): return locked(request, until: until)
        }
    }

    private func codePage(_ request: Request, member: StaffMember, csrf: String, message: String? = nil) throws
        -> Response
    {
        let language = Language(page: request)
        var values: [String: Any] = [
            "ticket": try console.accounts.passwordTicket(for: member), "csrf": csrf, "q": language.query,
        ]
        if member.totpEnrolledAt == nil {
            let enrollment = try console.accounts.enrollment(of: member)
            values["enrollment"] = [
                "qrSVG": QRCodeImage.svg(for: enrollment.uriString) ?? "",
                "secret": Base32.encode(enrollment.secret, padded: false),
            ]
        }
        if let message { values["message"] = message }
        return console.renderer.page(
            "signInCode",
            title: console.text("codeTitle", language),
            values: values,
            language: language,
            status: message == nil ? .ok : .unauthorized
        )
    }

    private func checkCode(_ request: Request) async throws -> Response {
        let language = Language(page: request)
        guard let (form, csrf) = try await signInForm(request) else {
            return signInPage(request, message: console.text("formExpired", language), status: .forbidden)
        }
        guard let name = try console.accounts.name(behindTicket: form["ticket"] ?? "") else {
            return signInPage(request, message: console.text("expired", language), status: .unauthorized)
        }
        switch try await console.accounts.checkCode(name: name, code: form["code"] ?? "") {
        case .signedIn(let session):
            return Console.redirect(
                to: "/admin",
                keeping: request,
                cookies: [
                    try console.sessionCookie(for: session), Console.cookie(Console.signInCookie, value: "", maxAge: 0),
                ]
            )
        case .refused:
            guard let member = try await console.accounts.member(named: name) else {
                return signInPage(request, message: console.text("refused", language), status: .unauthorized)
            }
            return try codePage(request, member: member, csrf: csrf, message: console.text("codeRefused", language))
        case .locked(let until): return locked(request, until: until)
        }
    }

    private func locked(_ request: Request, until: Int64) -> Response {
        let language = Language(page: request)
        let sentence = console.text("locked", language)
            .replacingOccurrences(of: "%s", with: console.time(until, request))
        return signInPage(request, message: sentence, status: .tooManyRequests)
    }
}
