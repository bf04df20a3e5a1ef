import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import PooyaTesting
import Testing

/// The audit trail names who acted: the client key a bank system called with, or the member of staff at `pooya admin`.
@Suite(.timeLimit(.minutes(2)))
struct AuditActorBinaryTests {
    @Test func anEntryNamesTheClientKeyOrTheStaffMemberThatMadeTheChange() async throws {
        let bank = try await ServedBank()
        let registered = try await bank.post("/v1/cards", #"{"pan":"6104337800000018","mobile":"09121234567"}"#)
        let byAPI = try #require(registered["cardId"] as? String)

        let folder = try TemporaryFolder()
        let csv = folder.url.appendingPathComponent("cards.csv").path
        try "6104337800000026,09121234568\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try await run(
            bank.pooya,
            ["admin", "cards", "import", csv, "--data", bank.data],
            environment: ["SUDO_USER": "maryam"]
        )
        #expect(imported.status == 0, "\(imported.standardError)")
        let byStaff = try #require(
            try await bank.post("/v1/cards/lookup", #"{"pan":"6104337800000026"}"#)["cardId"] as? String
        )

        let keys = try await run(bank.pooya, ["admin", "keys", "list", "--data", bank.data]).standardOutput
        let bankKeyID = try #require(keys.firstMatch(of: /(key_[0-9a-f]+)\tbank\t/)).output.1
        let auditor = try await run(
            bank.pooya,
            ["admin", "keys", "create", "--data", bank.data, "--name", "auditor", "--scope", "admin"]
        ).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)

        func actors(of card: String) async throws -> [String?] {
            var request = URLRequest(url: URL(string: "\(bank.base)/v1/audit?cardId=\(card)")!)
            request.setValue("Bearer \(auditor)", forHTTPHeaderField: "Authorization")
            let (body, _) = try await URLSession.shared.data(for: request)
            let trail = try JSONSerialization.jsonObject(with: body) as? [String: Any]
            return (trail?["entries"] as? [[String: Any]] ?? []).map { $0["actor"] as? String }
        }
        #expect(try await actors(of: byAPI) == ["key:\(bankKeyID)"])
        #expect(try await actors(of: byStaff) == ["staff:maryam"])
        let verified = try await run(bank.pooya, ["admin", "audit", "verify", "--data", bank.data])
        #expect(verified.status == 0, "\(verified.standardOutput)")
        await bank.stop()
    }
}
