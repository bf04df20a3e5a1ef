import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Testing

/// The cardholder's story with the real binaries: the bank's service, and `pooya token` in a terminal.
struct TokenBinaryTests {
    @Test func aCardholderAddsATokenAndPaysWithItsCodeOnce() async throws {
        let pooya = try #require(Programs.pooya)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pooya-token-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("bank").path
        let vault = folder.appendingPathComponent("phone/tokens.vault").path
        let cardholder = ["POOYA_VAULT_PASSWORD": "رمز-من-1404"]

        let (server, base) = try await startServe(pooya, data: data)
        defer { if server.isRunning { server.terminate() } }

        let key = try run(pooya, ["admin", "keys", "create", "--data", data, "--name", "bank", "--scope", "cards",
                                  "--scope", "activate", "--scope", "verify"])
            .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        func post(_ path: String, _ json: String) async throws -> [String: Any] {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = "POST"
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
            let (body, _) = try await URLSession.shared.data(for: request)
            return try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
        }

        _ = try await post("/v1/cards", #"{"pan":"6104337800000018","mobile":"09121234567"}"#)
        let activation = try await post(
            "/v1/activations", #"{"pan":"6104337800000018","mobile":"09121234567","kind":"second","channel":"atm"}"#)
        let receipt = try #require(activation["receiptCode"] as? String)
        let outbox = try run(pooya, ["admin", "sms", "tail", "--data", data]).standardOutput
        let smsPart = try #require(outbox.firstMatch(of: /[0-9]{4}(-[0-9]{1,4}){6}/).map { String($0.output.0) })

        let added = try run(pooya, ["token", "add", "--vault", vault, "--server", base, "--receipt", receipt,
                                    "--sms", smsPart, "--lang", "en", "--generation-pin", "۲۷۱۹۴۸۳۵"],
                            environment: cardholder)
        #expect(added.status == 0, "\(added.standardError)")
        #expect(added.standardOutput == "added 610433******0018 (Bank Mellat), dynamic second PIN\n")
        let listed = try run(pooya, ["token", "list", "--vault", vault], environment: cardholder)
        #expect(listed.standardOutput.hasPrefix("610433******0018\tBank Mellat\tsecond\t۱۴"))

        let locked = try run(pooya, ["token", "code", "0018", "--vault", vault, "--json"], environment: cardholder)
        #expect(locked.status != 0 && locked.standardError.contains("generation PIN"))
        let shown = try run(pooya, ["token", "code", "۰۰۱۸", "--vault", vault, "--json", "--pin", "27194835"],
                            environment: cardholder)
        let json = try JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [String: Any]
        let code = try #require(json?["code"] as? String)
        #expect(code.count == 7)

        let pay = #"{"pan":"6104337800000018","code":"\#(code)","kind":"second","amount":2500000,"merchantId":"shop","#
        #expect(try await post("/v1/verifications", pay + #""transactionId":"pay-1"}"#)["decision"] as? String == "approved")
        let again = try await post("/v1/verifications", pay + #""transactionId":"pay-2"}"#)
        #expect(again["reason"] as? String == "replayed")

        let wrong = try run(pooya, ["token", "list", "--vault", vault], environment: ["POOYA_VAULT_PASSWORD": "wrong-pass-1"])
        #expect(wrong.status != 0 && wrong.standardError.contains("the password is wrong"))
        let typo = try run(pooya, ["token", "add", "--vault", vault, "--server", base, "--receipt", receipt,
                                   "--sms", (smsPart.first == "1" ? "2" : "1") + smsPart.dropFirst()],
                       environment: cardholder)
        #expect(typo.status != 0 && typo.standardError.contains("typo"))

        if let tmux = Programs.tmux {
            try await checkCountdown(tmux: tmux, pooya: pooya, vault: vault, password: cardholder["POOYA_VAULT_PASSWORD"]!)
        } else {
            #expect(!Programs.isCI, "CI must have tmux: scripts/test installs it")
        }
    }

    /// `pooya token code` in a real terminal: a code, a bar and the seconds left, counting down, until Ctrl-C.
    private func checkCountdown(tmux: URL, pooya: URL, vault: String, password: String) async throws {
        let session = "pooya-\(UUID().uuidString.prefix(8))"
        let command = "POOYA_VAULT_PASSWORD='\(password)' '\(pooya.path)' token code 0018 --vault '\(vault)' --lang en"
            + " --pin 27194835"
        #expect(try runDetached(tmux, ["new-session", "-d", "-s", session, "-x", "100", "-y", "5", command]) == 0)
        defer { _ = try? runDetached(tmux, ["kill-session", "-t", session]) }
        func screen() throws -> String { try run(tmux, ["capture-pane", "-p", "-t", session]).standardOutput }
        func secondsLeft(_ text: String) -> Int? {
            text.firstMatch(of: /([0-9]{7})  [█░]{30}  ([0-9]+) s/).flatMap { Int($0.output.2) }
        }
        var first: Int?
        for _ in 0..<50 where first == nil {
            try await Task.sleep(for: .milliseconds(100))
            first = secondsLeft(try screen())
        }
        let shown = try screen()
        let start = try #require(first, "the countdown never showed: \(shown)")
        #expect(try screen().contains("610433******0018"))
        try await Task.sleep(for: .milliseconds(2_100))
        let later = try #require(secondsLeft(try screen()))
        #expect(later < start || later > 55, "the seconds count down (or a new code began): \(start) then \(later)")
        _ = try runDetached(tmux, ["send-keys", "-t", session, "C-c"])
        try await Task.sleep(for: .milliseconds(300))
        #expect(try runDetached(tmux, ["has-session", "-t", session]) != 0, "Ctrl-C ends it")
    }
}
