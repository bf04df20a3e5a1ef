import Foundation
import NIOCore
public import HTTPTypes
import PooyaIssuer

/// An API error as RFC 9457 problem details: an HTTP status, a stable `code`, and a title and detail in Persian and
/// English. Every error the service answers with becomes one, so no route translates errors itself.
public struct Problem: Error, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The stable machine-readable code.
    public var code: String
    /// The title in English and Persian.
    public var title: (en: String, fa: String)
    /// What was wrong, in English and Persian.
    public var detail: (en: String, fa: String)
    /// Attempts left, for `activation_code_mismatch`.
    public var attemptsLeft: Int?
    /// Seconds to wait, for `rate_limited`.
    public var retryAfter: Int?
    /// The methods the path takes, for `method_not_allowed` (the `Allow` header).
    public var allow: [String]?

    /// Collects the fields.
    public init(
        _ status: HTTPResponse.Status,
        code: String,
        title: (en: String, fa: String),
        detail: (en: String, fa: String),
        attemptsLeft: Int? = nil,
        retryAfter: Int? = nil
    ) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.attemptsLeft = attemptsLeft
        self.retryAfter = retryAfter
    }

    /// The JSON body in `language` (`fa` or `en`).
    func body(language: Language) -> [String: any Sendable] {
        var body: [String: any Sendable] = [
            "type": "https://pooya.invalid/problems/\(code)",
            "title": language == .persian ? title.fa : title.en,
            "status": status.code,
            "detail": language == .persian ? detail.fa : detail.en,
            "code": code,
        ]
        if let attemptsLeft { body["attemptsLeft"] = attemptsLeft }
        return body
    }
}

extension Problem {
    /// The JSON body in `language`, keys sorted.
    func encoded(language: Language) -> ByteBuffer {
        let json = try? JSONSerialization.data(
            withJSONObject: body(language: language),
            options: [.sortedKeys, .withoutEscapingSlashes]
        )
        return ByteBuffer(bytes: json ?? Data())
    }
}

/// The language of problem messages, from `Accept-Language`: Persian unless English is preferred.
enum Language: Sendable, Equatable {
    case persian, english

    init(acceptLanguage: String?) {
        let first = acceptLanguage?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased()
        self = first?.hasPrefix("en") == true ? .english : .persian
    }
}

extension Problem {
    /// 401: no key, or a key that is unknown or revoked.
    static let unauthenticated = Problem(
        .unauthorized,
        code: "unauthenticated",
        title: ("Unauthenticated", "احراز هویت نشد"),
        detail: (
            "send a valid client key as Authorization: Bearer KEY", "کلید معتبر را در سرآیند Authorization بفرستید"
        )
    )

    /// 403: the key lacks the scope the operation needs.
    static func forbidden(needs scopes: [ClientScope]) -> Problem {
        let names = scopes.map(\.rawValue).joined(separator: " or ")
        return Problem(
            .forbidden,
            code: "forbidden",
            title: ("Forbidden", "دسترسی مجاز نیست"),
            detail: ("this key lacks the scope \(names)", "این کلید دامنهٔ دسترسی \(names) را ندارد")
        )
    }

    /// 400: the body is not JSON of the documented shape (wrong types, unknown fields, Persian digits in numbers).
    static func malformed(_ reason: String) -> Problem {
        Problem(
            .badRequest,
            code: "malformed_request",
            title: ("Malformed request", "درخواست نادرست"),
            detail: (reason, "بدنهٔ درخواست با قالب مستند (openapi.yaml) نمی‌خواند")
        )
    }

    /// 400: the request is not valid HTTP/1.1, such as a chunked body whose framing is broken (a bad size, a bad
    /// terminator, a NUL in an extension). The connection is closed after it.
    static let malformedHTTP = Problem(
        .badRequest,
        code: "malformed_http",
        title: ("Malformed HTTP", "درخواست HTTP نادرست"),
        detail: (
            "the request is not valid HTTP/1.1: its framing (such as a chunked body) is broken",
            "درخواست HTTP/1.1 درستی نیست: قالب بدنهٔ آن (مانند بخش‌بندی chunked) شکسته است"
        )
    )

    /// 503: the service has as many connections open as it allows; sent before any request, then the connection
    /// is closed.
    static let tooManyConnections = Problem(
        .serviceUnavailable,
        code: "too_many_connections",
        title: ("Too many connections", "اتصال‌ها بیش از حد"),
        detail: (
            "the service has as many connections open as it allows; try again in a moment",
            "سرویس به بیشینهٔ اتصال‌های هم‌زمان رسیده است؛ اندکی بعد دوباره تلاش کنید"
        ),
        retryAfter: 1
    )

    /// 403: the gateway's key may not name this host in the WebOTP line.
    static func webOTPHostNotAllowed(_ host: WebOTPHost) -> Problem {
        Problem(
            .forbidden,
            code: "webotp_host_not_allowed",
            title: ("WebOTP host not allowed", "میزبان WebOTP مجاز نیست"),
            detail: (
                "this key may not name \(host) in the SMS: add it with pooya admin keys create … --webotp-host",
                "این کلید اجازهٔ نام بردن از \(host) را در پیامک ندارد"
            )
        )
    }

    /// 413: the body is larger than the limit.
    static func tooLarge(limit: Int) -> Problem {
        Problem(
            .contentTooLarge,
            code: "request_too_large",
            title: ("Request too large", "درخواست بیش از حد بزرگ"),
            detail: ("request bodies are limited to \(limit) bytes", "بدنهٔ درخواست حداکثر \(limit) بایت است")
        )
    }

    /// 404: no such route or resource.
    static let notFound = Problem(
        .notFound,
        code: "not_found",
        title: ("Not found", "یافت نشد"),
        detail: ("no such resource", "چنین منبعی وجود ندارد")
    )

    /// 405: the path exists, but not with this method; `Allow` names the methods it takes.
    static func methodNotAllowed(allow: [String]) -> Problem {
        var problem = Problem(
            .methodNotAllowed,
            code: "method_not_allowed",
            title: ("Method not allowed", "روش درخواست مجاز نیست"),
            detail: (
                "this path takes \(allow.joined(separator: ", "))",
                "این نشانی فقط \(allow.joined(separator: "، ")) را می‌پذیرد"
            )
        )
        problem.allow = allow
        return problem
    }

    /// 503: the key vault (an HSM, say) does not answer now: nothing was decided or changed, and the request may be
    /// sent again.
    static let keyVaultUnavailable = Problem(
        .serviceUnavailable,
        code: "key_vault_unavailable",
        title: ("Keys unavailable", "کلیدها در دسترس نیست"),
        detail: (
            "the service cannot reach its keys now; try again in a moment",
            "سرویس اکنون به کلیدهایش دسترسی ندارد؛ اندکی بعد دوباره تلاش کنید"
        ),
        retryAfter: 5
    )

    /// 503: the database (PostgreSQL) cannot be reached now: nothing was decided or changed (or, when the database
    /// went away after a commit, the same transaction id answers what was decided), and the request may be sent again.
    static let storeUnavailable = Problem(
        .serviceUnavailable,
        code: "store_unavailable",
        title: ("Database unavailable", "پایگاه داده در دسترس نیست"),
        detail: (
            "the service cannot reach its database now; try again in a moment",
            "سرویس اکنون به پایگاه داده‌اش دسترسی ندارد؛ اندکی بعد دوباره تلاش کنید"
        ),
        retryAfter: 5
    )

    /// 404: the operator has not turned payment pages on (`pages.payment.enabled`).
    static let paymentPagesOff = Problem(
        .notFound,
        code: "payment_pages_off",
        title: ("Payment pages off", "صفحهٔ پرداخت خاموش است"),
        detail: (
            "this service does not make payment pages; its operator can turn them on (pages.payment.enabled)",
            "این سرویس صفحهٔ پرداخت نمی‌سازد؛ گردانندهٔ آن می‌تواند آن را روشن کند (pages.payment.enabled)"
        )
    )

    /// 500: something failed that is not the client's fault; the detail says nothing more.
    static let internalError = Problem(
        .internalServerError,
        code: "internal_error",
        title: ("Internal error", "خطای داخلی"),
        detail: ("the service failed; the error was logged", "خطایی در سرویس رخ داد و ثبت شد")
    )
}
