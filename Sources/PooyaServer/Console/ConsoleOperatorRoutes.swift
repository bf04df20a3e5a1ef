import PooyaIssuer
import Hummingbird

/// The operator's part: client keys (made here, shown once; revoked), the SMS outbox with delivery reports, and the
/// service's health (database, outbox, audit chains).
struct ConsoleOperatorRoutes {
    let console: Console

    func register(on admin: RouterGroup<PooyaRequestContext>) {
        console.page(admin, "keys", role: .operator) { request, _, session in
            try await keyList(request, session)
        }
        console.action(admin, "keys", role: .operator) { request, _, session, form in
            let scopes = Set(form.values("scope").compactMap(ClientScope.init(rawValue:)))
            let made: (key: ClientKey, secret: String)
            do { made = try await console.keys.create(name: form["name"] ?? "", scopes: scopes) } catch let error
                as IssuerError
            {
                return try await keyList(request, session, message: ConsoleCardRoutes.detail(error, request))
            }
            return console.render(
                "keyMade",
                title: "keys",
                values: ["secret": made.secret],
                request: request,
                session: session
            )
        }
        console.action(admin, "keys/:id/revoke", role: .operator) { request, context, session, _ in
            let id = try context.parameters.require("id")
            do { try await console.keys.revoke(id: id) } catch let error as IssuerError {
                return try await keyList(request, session, message: ConsoleCardRoutes.detail(error, request))
            }
            return Console.redirect(to: "/admin/keys", keeping: request)
        }
        console.page(admin, "sms", role: .operator) { request, _, session in
            let language = Language(page: request)
            let messages = try await console.issuer.outboxMessages(limit: 100).map {
                [
                    "time": console.time($0.createdAt, request), "id": $0.id, "to": language.digits($0.to.masked),
                    "purpose": $0.purpose.rawValue, "status": $0.status.rawValue,
                    "tries": language.digits("\($0.attempts)"), "delivery": $0.delivery?.rawValue ?? "",
                ]
            }
            let values: [String: Any] = ["messages": messages, "counts": try await counts(request)]
            return console.render("outbox", title: "outbox", values: values, request: request, session: session)
        }
        console.page(admin, "health", role: .operator) { request, _, session in
            let language = Language(page: request)
            let heads = try await console.issuer.auditHeads().map {
                ["chain": language.digits("\($0.chain)"), "sequence": language.digits("\($0.sequence)")]
            }
            let values: [String: Any] = [
                "database": console.text(await console.isReady() ? "reachable" : "unreachable", language),
                "counts": try await counts(request), "heads": heads,
            ]
            return console.render("health", title: "health", values: values, request: request, session: session)
        }
    }

    private func counts(_ request: Request) async throws -> [[String: String]] {
        try await console.issuer.outboxCounts().sorted { $0.key.rawValue < $1.key.rawValue }.map {
            ["status": $0.key.rawValue, "count": Language(page: request).digits("\($0.value)")]
        }
    }

    private func keyList(_ request: Request, _ session: StaffSession, message: String? = nil) async throws -> Response {
        let keys = try await console.keys.list().map { key -> [String: Any] in
            var row: [String: Any] = [
                "name": key.name, "id": key.id, "scopes": key.scopes.map(\.rawValue).sorted().joined(separator: ", "),
                "created": console.time(key.createdAt, request), "csrf": session.csrf,
            ]
            if let revoked = key.revokedAt { row["revoked"] = console.time(revoked, request) }
            return row
        }
        var values: [String: Any] = ["keys": keys, "scopes": ClientScope.allCases.map(\.rawValue)]
        if let message { values["message"] = message }
        return console.render(
            "keys",
            title: "keys",
            values: values,
            request: request,
            session: session,
            status: message == nil ? .ok : .unprocessableContent
        )
    }
}
