import Foundation
import PooyaTesting
import Testing

/// `pooya admin` over a data folder, as an operator runs it.
struct AdminBinaryTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pooya-tests-admin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func pooya(_ arguments: [String]) async throws -> ProgramResult {
        try await run(try #require(Programs.pooya), arguments + ["--data", folder.path])
    }

    @Test func aCSVImportRegistersGoodLinesAndNamesBadOnesWithoutTheirNumbers() async throws {
        let csv = folder.appendingPathComponent("cards.csv")
        try """
        pan,mobile
        6104 3378 0000 0018,۰۹۱۲۱۲۳۴۵۶۷

        6037991200000002,+989351112233
        6104337800000019,09121234567
        6221063300000005,0212345678
        only-one-field
        """.write(to: csv, atomically: true, encoding: .utf8)
        let result = try await pooya(["admin", "cards", "import", csv.path])
        #expect(result.status == 1)
        #expect(result.standardOutput == "imported 2 cards; rejected 3 lines\n")
        #expect(result.standardError.contains("line 5: the card number's check digit is wrong"))
        #expect(result.standardError.contains("line 6: not an Iranian mobile number"))
        #expect(result.standardError.contains("line 7: expected two fields, pan and mobile"))
        #expect(!result.standardError.contains("6104337800000019"))
        let again = try await pooya(["admin", "cards", "import", csv.path])
        #expect(
            again.standardOutput == "imported 2 cards; rejected 3 lines\n",
            "importing twice updates, never duplicates"
        )
        #expect(try await pooya(["admin", "audit", "verify"]).standardOutput == "intact: 2 entries\n")
    }

    @Test func keysAreMadeListedAndRevoked() async throws {
        let made = try await pooya(["admin", "keys", "create", "--name", "atm-host", "--scope", "activate"])
        #expect(made.status == 0 && made.standardOutput.hasPrefix("pooya_"))
        let id = try #require(made.standardError.firstMatch(of: /key_[0-9a-f]{16}/)).output
        let listed = try await pooya(["admin", "keys", "list"])
        #expect(listed.standardOutput.contains("\(id)\tatm-host\tactivate\tcreated "))
        #expect(!listed.standardOutput.contains(made.standardOutput.trimmingCharacters(in: .newlines)))
        #expect(try await pooya(["admin", "keys", "revoke", String(id)]).status == 0)
        #expect(try await pooya(["admin", "keys", "list"]).standardOutput.contains("revoked "))
        #expect(try await pooya(["admin", "keys", "revoke", String(id)]).status != 0)
        #expect(
            try await pooya(["admin", "keys", "create", "--name", "x", "--scope", "root"]).standardError
                .contains("'root' is not a scope")
        )
        let gateway = try await pooya([
            "admin", "keys", "create", "--name", "gateway", "--scope", "verify", "--webotp-host", "Pay.Shop.ir",
            "--webotp-host", "form.psp.ir",
        ])
        #expect(gateway.status == 0, "\(gateway.standardError)")
        #expect(
            try await pooya(["admin", "keys", "list"]).standardOutput.contains("\twebotp form.psp.ir,pay.shop.ir\n")
        )
        let badHost = try await pooya([
            "admin", "keys", "create", "--name", "x", "--scope", "verify", "--webotp-host", "a b",
        ])
        #expect(badHost.status != 0 && badHost.standardError.contains("--webotp-host must be a host name"))
    }

    @Test func showPrintsACardsStateWithJalaliDates() async throws {
        let csv = folder.appendingPathComponent("one.csv")
        try "6104337800000018,09121234567\n".write(to: csv, atomically: true, encoding: .utf8)
        _ = try await pooya(["admin", "cards", "import", csv.path])
        let shown = try await pooya(["admin", "cards", "show", "۶۱۰۴ ۳۳۷۸ ۰۰۰۰ ۰۰۱۸"])
        #expect(shown.standardOutput.contains("card: 610433******0018 (Bank Mellat, بانک ملت)"))
        #expect(shown.standardOutput.contains("static second PIN: allowed"))
        #expect(
            shown.standardOutput.firstMatch(of: /registered: 14[0-9]{2}\/[0-9]{2}\/[0-9]{2} [0-2][0-9]:[0-5][0-9] \(20/)
                != nil
        )
        #expect(try await pooya(["admin", "cards", "show", "crd_missing"]).status != 0)
    }
}
