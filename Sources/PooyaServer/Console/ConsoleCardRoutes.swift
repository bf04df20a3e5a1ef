import Foundation
import HTTPTypes
import OneTimePassword
import PooyaIssuer
import PooyaProtocol
import Hummingbird

/// The helpdesk's part: find a card by its number or by mobile and last four digits; see its state (tokens by kind,
/// locks, static PIN, open activations, recent decisions with reasons, SMS with delivery — never a code or a text);
/// unlock it, suspend it, send its activation SMS again. Each change is audited naming the member.
struct ConsoleCardRoutes {
    let console: Console

    func register(on admin: RouterGroup<PooyaRequestContext>) {
        console.page(admin, "cards", role: .helpdesk) { request, _, session in
            console.render("findCard", title: "findCard", request: request, session: session)
        }
        console.action(admin, "cards/find", role: .helpdesk) { request, _, session, form in
            try await find(form, request: request, session: session)
        }
        console.page(admin, "cards/:cardId", role: .helpdesk) { request, context, session in
            try await show(try context.parameters.require("cardId"), request, session)
        }
        let actions: [(String, @Sendable (Issuer, String) async throws -> Void)] = [
            ("unlock", { _ = try await $0.unlockCard(cardID: $1) }),
            ("suspend", { try await $0.suspendCard(cardID: $1) }),
            ("resend", { _ = try await $0.resendActivationSMS(cardID: $1) }),
        ]
        for (name, act) in actions {
            console.action(admin, RouterPath("cards/:cardId/\(name)"), role: .helpdesk) {
                request,
                context,
                session,
                _ in
                let cardID = try context.parameters.require("cardId")
                do { try await act(console.issuer, cardID) } catch let error as IssuerError {
                    return try await show(cardID, request, session, message: Self.detail(error, request))
                }
                return Console.redirect(to: "/admin/cards/\(cardID)?done=\(name)", keeping: request)
            }
        }
    }

    private func find(_ form: PageForm, request: Request, session: StaffSession) async throws -> Response {
        let ids: [String]
        do {
            if let pan = form["pan"], !pan.isEmpty {
                ids = try await console.issuer.cardID(for: PAN(parsing: pan)).map { [$0] } ?? []
            } else {
                let lastFour = DecimalDigits.latin(form["lastFour"] ?? "") ?? ""
                guard lastFour.count == 4 else { throw IssuerError.invalidRequest("give the card's last four digits") }
                ids = try await console.issuer.cardIDs(
                    mobile: MobileNumber(parsing: form["mobile"] ?? ""),
                    lastFour: lastFour
                )
            }
        } catch let error as IssuerError {
            return findPage(request, session, message: Self.detail(error, request), status: .unprocessableContent)
        }
        if ids.count == 1, let id = ids.first { return Console.redirect(to: "/admin/cards/\(id)", keeping: request) }
        var found: [[String: Any]] = []
        for id in ids {
            if let status = try await console.issuer.cardStatus(cardID: id) {
                found.append(["id": id, "maskedPAN": Language(page: request).digits(status.card.maskedPAN)])
            }
        }
        let language = Language(page: request)
        var values: [String: Any] = ["found": found]
        if found.isEmpty { values["message"] = console.text("notFound", language) }
        return console.render("findCard", title: "findCard", values: values, request: request, session: session)
    }

    private func show(_ cardID: String, _ request: Request, _ session: StaffSession, message: String? = nil)
        async throws -> Response
    {
        let language = Language(page: request)
        guard let status = try await console.issuer.cardStatus(cardID: cardID) else {
            return findPage(request, session, message: console.text("notFound", language), status: .notFound)
        }
        let card = status.card
        let yes = console.text("yes", language)
        let no = console.text("no", language)
        let lock = { (lock: PINLock) in
            lock.isLocked
                ? console.text("lockedState", language)
                : console.text("open", language) + " (" + language.digits("\(lock.failures)") + ")"
        }
        let kind = { (kind: PINKind) in console.text(kind == .second ? "secondPin" : "firstPin", language) }
        let decisions: Set<AuditEvent.Action> = [.verificationApproved, .verificationRejected, .staticPINAllowed]
        let events = try await console.issuer.auditTrail(cardID: cardID).reversed().filter {
            decisions.contains($0.event.action)
        }.prefix(20)
        var values: [String: Any] = [
            "cardID": card.id, "maskedPAN": language.digits(card.maskedPAN),
            "bank": language == .persian ? card.bankPersianName : card.bankName,
            "mobile": language.digits(card.mobile.masked), "secondLock": lock(card.locks.second),
            "firstLock": lock(card.locks.first),
            "staticPIN": console.text(card.staticSecondPINDisabled ? "staticOff" : "staticOn", language),
            "smsActivated": card.smsActivatedAt == nil ? no : yes, "suspended": card.suspendedAt == nil ? no : yes,
            "blocked": card.options.blocked ? yes : no,
            "tokens": status.tokens.map { ["kind": kind($0.kind), "since": console.time($0.createdAt, request)] },
            "activations": status.openActivations.map {
                [
                    "serial": $0.serial, "kind": kind($0.kind), "channel": $0.channel.rawValue,
                    "until": console.time($0.expiresAt, request),
                ]
            },
            "events": events.map {
                [
                    "time": console.time($0.event.time, request), "action": $0.event.action.rawValue,
                    "kind": $0.event.kind.map { kind($0) } ?? "", "reason": $0.event.reason?.rawValue ?? "",
                    "actor": $0.event.actor?.rawValue ?? "",
                ]
            },
            "messages": try await console.issuer.outboxMessages(limit: 20, cardID: cardID).map {
                [
                    "time": console.time($0.createdAt, request), "purpose": $0.purpose.rawValue,
                    "status": $0.status.rawValue, "tries": language.digits("\($0.attempts)"),
                    "delivery": $0.delivery?.rawValue ?? "",
                ]
            },
        ]
        if let message { values["message"] = message }
        if request.uri.queryParameters["done"] != nil, message == nil {
            values["notice"] = console.text("done", language)
        }
        return console.render(
            "card",
            title: "cardTitle",
            values: values,
            request: request,
            session: session,
            status: message == nil ? .ok : .unprocessableContent
        )
    }

    /// The search form again, saying `message`.
    private func findPage(_ request: Request, _ session: StaffSession, message: String, status: HTTPResponse.Status)
        -> Response
    {
        console.render(
            "findCard",
            title: "findCard",
            values: ["message": message],
            request: request,
            session: session,
            status: status
        )
    }

    /// The sentence an issuer error is told with, in the page's language.
    static func detail(_ error: IssuerError, _ request: Request) -> String {
        let problem = Problem(error)
        let language = Language(page: request)
        return language == .persian ? language.digits(problem.detail.fa) : problem.detail.en
    }
}
