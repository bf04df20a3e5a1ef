import OneTimePassword
import PooyaIssuer
import PooyaProtocol
import Hummingbird

/// The auditor's part: the audit trail, newest first, with Jalali dates, filtered by card, event and days; and the
/// chains' verification.
struct ConsoleAuditRoutes {
    let console: Console

    /// Entries read from each chain's end when no card is named.
    static let perChain = 200

    func register(on admin: RouterGroup<PooyaRequestContext>) {
        console.page(admin, "audit", role: .auditor) { request, _, session in try await trail(request, session) }
        console.page(admin, "audit/verify", role: .auditor) { request, _, session in
            let language = Language(page: request)
            let text =
                switch try await console.issuer.verifyAuditChain() {
                case .intact(let entries):
                    console.text("chainIntact", language) + " (" + language.digits("\(entries)") + " "
                        + console.text("entries", language) + ")"
                case .broken(let sequence, let reason):
                    console.text("chainBroken", language) + ": #\(sequence) — \(reason)"
                }
            return console.done(text, title: "verifyChain", request: request, session: session)
        }
    }

    private func trail(_ request: Request, _ session: StaffSession) async throws -> Response {
        let language = Language(page: request)
        let query = request.uri.queryParameters
        let card = query["card"].map(String.init) ?? ""
        let action = query["action"].flatMap { AuditEvent.Action(rawValue: String($0)) }
        let days = [query["from"], query["to"]].map { $0.map(String.init) ?? "" }
        let bounds = days.map { $0.isEmpty ? nil : TehranTime.startOfDay(jalali: Self.latinDigits($0)) }
        var values: [String: Any] = [
            "card": card, "from": days[0], "to": days[1],
            "actions": AuditEvent.Action.allCases.map { ["value": $0.rawValue, "selected": $0 == action] },
        ]
        if zip(days, bounds).contains(where: { !$0.0.isEmpty && $0.1 == nil }) {
            values["message"] = console.text("badDate", language)
        }
        var entries: [AuditEntry]
        do {
            entries =
                card.isEmpty
                ? try await console.issuer.recentAuditEntries(perChain: Self.perChain)
                : try await console.issuer.auditTrail(cardID: card).reversed()
        } catch let error as IssuerError {
            values["message"] = ConsoleCardRoutes.detail(error, request)
            entries = []
        }
        let from = bounds[0] ?? .min
        let to = bounds[1].map { $0 + 86_400 } ?? .max
        values["entries"] = entries.filter {
            (action == nil || $0.event.action == action) && (from..<to).contains($0.event.time)
        }.prefix(Self.perChain).map { entry in
            [
                "time": console.time(entry.event.time, request), "action": entry.event.action.rawValue,
                "kind": entry.event.kind?.rawValue ?? "", "channel": entry.event.channel?.rawValue ?? "",
                "reason": entry.event.reason?.rawValue ?? "", "actor": entry.event.actor?.rawValue ?? "",
            ]
        }
        return console.render("audit", title: "audit", values: values, request: request, session: session)
    }

    /// `text` with its Persian and Arabic-Indic digits written in Latin, everything else kept (`۱۴۰۵/۰۹/۱۶`).
    static func latinDigits(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    DecimalDigits.value(of: scalar).map { Unicode.Scalar(UInt8(ascii: "0") + $0) } ?? scalar
                }
            )
        )
    }
}
