import Foundation
import HTTPTypes
import Hummingbird
import OneTimePassword
import PooyaIssuer
import PooyaProtocol

/// The bank staff's console (`/admin`): sign-in with a password and a TOTP code, then each role's own part —
/// helpdesk (``ConsoleCardRoutes``), auditor (``ConsoleAuditRoutes``), operator (``ConsoleOperatorRoutes``). Every
/// page but the sign-in's needs a session (a sealed `HttpOnly; Secure; SameSite=Strict` cookie, renewed by each
/// request, ended after ``StaffAccounts/idleTimeout`` idle); every form that changes anything carries the session's
/// anti-forgery token; every change is audited naming the member. Thin: each answer is one or two domain calls.
struct Console: Sendable {
    let issuer: Issuer
    let accounts: StaffAccounts
    let keys: ClientKeys
    let clock: any WallClock
    let isReady: @Sendable () async -> Bool
    let renderer: PageRenderer

    /// The session cookie's name.
    static let sessionCookie = "pooya_session"
    /// The sign-in form's anti-forgery cookie's name.
    static let signInCookie = "pooya_sign_in"

    typealias Context = PooyaRequestContext
    typealias Handler = @Sendable (Request, Context, StaffSession) async throws -> Response
    typealias FormHandler = @Sendable (Request, Context, StaffSession, PageForm) async throws -> Response

    /// A page `role` may see (any signed-in member when `nil`): without a session, the sign-in page; with another
    /// role, 403.
    func page(_ group: RouterGroup<Context>, _ path: RouterPath, role: StaffRole?, _ body: @escaping Handler) {
        group.get(path) { request, context in
            try await signedIn(request, role: role) { try await body(request, context, $0) }
        }
    }

    /// A form `role` may post: its anti-forgery token must be the session's, else 403 and nothing done.
    func action(_ group: RouterGroup<Context>, _ path: RouterPath, role: StaffRole?, _ body: @escaping FormHandler) {
        group.post(path) { request, context in
            try await signedIn(request, role: role) { session in
                let form = try await PageForm(request)
                guard session.allows(csrf: form["csrf"] ?? "") else {
                    return refuse(request, title: "forbiddenTitle", text: "formExpired")
                }
                return try await body(request, context, session, form)
            }
        }
    }

    private func signedIn(_ request: Request, role: StaffRole?, _ body: (StaffSession) async throws -> Response)
        async throws -> Response
    {
        guard let cookie = request.cookies[Self.sessionCookie]?.value,
            let session = try await accounts.session(cookie: cookie)
        else { return Self.redirect(to: "/admin/sign-in" + Language(page: request).query) }
        guard role == nil || session.role == role else {
            return refuse(request, title: "forbiddenTitle", text: "forbidden", session: session)
        }
        var response = try await AuditActor.$current.withValue(.staffMember(session.name)) { try await body(session) }
        response.setCookie(try sessionCookie(for: session))
        return response
    }

    /// A console page: `template` with the navigation for `session`'s role.
    func render(
        _ template: String,
        title: String,
        values: [String: Any] = [:],
        request: Request,
        session: StaffSession,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var values = values
        values["csrf"] = session.csrf
        values["q"] = Language(page: request).query
        values["english"] = Language(page: request) == .english
        values["member"] = session.name
        values["isHelpdesk"] = session.role == .helpdesk
        values["isAuditor"] = session.role == .auditor
        values["isOperator"] = session.role == .operator
        let language = Language(page: request)
        return renderer.page(template, title: text(title, language), values: values, language: language, status: status)
    }

    /// A console page that says `text` (a sentence's name, or any text), after a change.
    func done(_ text: String, title: String, request: Request, session: StaffSession) -> Response {
        render("consoleMessage", title: title, values: ["text": text], request: request, session: session)
    }

    /// The sentence `name` in `language` (a console's or a page's).
    func text(_ name: String, _ language: Language) -> String {
        ConsoleText.strings(language)[name] ?? PageText.text(name, language)
    }

    /// A time as staff read it: Jalali, Tehran's clock, in the page's digits.
    func time(_ unixTime: Int64, _ request: Request) -> String {
        Language(page: request).digits(TehranTime.dateAndTime(unixTime))
    }

    /// 403 with `text`.
    func refuse(_ request: Request, title: String, text name: String, session: StaffSession? = nil) -> Response {
        let language = Language(page: request)
        guard let session else {
            return renderer.message(
                title: text(title, language),
                text: text(name, language),
                language: language,
                status: .forbidden
            )
        }
        return render(
            "consoleMessage",
            title: title,
            values: ["message": text(name, language)],
            request: request,
            session: session,
            status: .forbidden
        )
    }

    /// The cookie that keeps `session` for ``StaffAccounts/idleTimeout`` more.
    func sessionCookie(for session: StaffSession) throws -> Cookie {
        Self.cookie(
            Self.sessionCookie,
            value: try accounts.cookie(for: session),
            maxAge: Int(StaffAccounts.idleTimeout)
        )
    }

    /// A console cookie: `HttpOnly; Secure; SameSite=Strict; Path=/admin`; `maxAge` 0 removes it.
    static func cookie(_ name: String, value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: name,
            value: value,
            maxAge: maxAge,
            path: "/admin",
            secure: true,
            httpOnly: true,
            sameSite: .strict
        )
    }

    /// 303 to `path` (in the language of `request` when given: `?lang=en` or `&lang=en` added for English).
    static func redirect(to path: String, keeping request: Request? = nil, cookies: [Cookie] = []) -> Response {
        let english = request.map { Language(page: $0) == .english } ?? false
        let path = english ? path + (path.contains("?") ? "&" : "?") + "lang=en" : path
        var response = Response(status: .seeOther, headers: [.location: path, .cacheControl: "no-store"])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }
}
