import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import PooyaTesting
import Testing

/// The cardholder's story with the real binaries: the bank's service, and `pooya token` in a terminal.
@Suite(.timeLimit(.minutes(3)))
struct TokenBinaryTests {
    @Test func aCardholderAddsATokenAndPaysWithItsCodeOnce() async throws {
        let pooya = try #require(Programs.pooya)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pooya-tests-token-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("bank").path
        let vault = folder.appendingPathComponent("phone/tokens.vault").path
        let cardholder = ["POOYA_VAULT_PASSWORD": "رمز-من-1404"]

        let (server, base) = try await startServe(pooya, data: data)

        let key = try await run(
            pooya,
            [
                "admin", "keys", "create", "--data", data, "--name", "bank", "--scope", "cards",
                "--scope", "activate", "--scope", "verify",
            ]
        )
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
            "/v1/activations",
            #"{"pan":"6104337800000018","mobile":"09121234567","kind":"second","channel":"atm"}"#
        )
        let receipt = try #require(activation["receiptCode"] as? String)
        var smsPart: String?
        for _ in 0..<100 where smsPart == nil {  // the service's dispatcher writes the development SMS file
            let outbox = try await run(pooya, ["admin", "sms", "tail", "--data", data]).standardOutput
            smsPart = outbox.firstMatch(of: /[0-9]{4}(-[0-9]{1,4}){6}/).map { String($0.output.0) }
            if smsPart == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let part = try #require(smsPart)
        let outbox = try await run(pooya, ["admin", "sms", "list", "--data", data]).standardOutput
        #expect(outbox.contains("\tactivation\t+98912***4567\tsent\ttries 1\t"), "\(outbox)")
        #expect(!outbox.contains(part), "the outbox listing shows no text")

        let added = try await run(
            pooya,
            [
                "token", "add", "--vault", vault, "--server", base, "--receipt", receipt,
                "--sms", part, "--lang", "en", "--generation-pin", "۲۷۱۹۴۸۳۵",
            ],
            environment: cardholder
        )
        #expect(added.status == 0, "\(added.standardError)")
        #expect(added.standardOutput == "added 610433******0018 (Bank Mellat), dynamic second PIN\n")
        let listed = try await run(pooya, ["token", "list", "--vault", vault], environment: cardholder)
        #expect(listed.standardOutput.hasPrefix("610433******0018\tBank Mellat\tsecond\t۱۴"))

        let locked = try await run(
            pooya,
            ["token", "code", "0018", "--vault", vault, "--json"],
            environment: cardholder
        )
        #expect(locked.status != 0 && locked.standardError.contains("generation PIN"))
        let shown = try await run(
            pooya,
            ["token", "code", "۰۰۱۸", "--vault", vault, "--json", "--pin", "27194835"],
            environment: cardholder
        )
        let json = try JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [String: Any]
        let code = try #require(json?["code"] as? String)
        #expect(code.count == 7)

        let pay = #"{"pan":"6104337800000018","code":"\#(code)","kind":"second","amount":2500000,"merchantId":"shop","#
        #expect(
            try await post("/v1/verifications", pay + #""transactionId":"pay-1"}"#)["decision"] as? String == "approved"
        )
        let again = try await post("/v1/verifications", pay + #""transactionId":"pay-2"}"#)
        #expect(again["reason"] as? String == "replayed")

        // The kill switch by SMS: from another number nothing changes; from the registered mobile the card's
        // dynamic PINs are suspended, and even this code is refused for it.
        let channels = try await run(
            pooya,
            [
                "admin", "keys", "create", "--data", data, "--name", "kannel",
                "--scope", "channels",
            ]
        ).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        func inbound(from sender: String, _ text: String) async throws {
            var query = URLComponents(string: base + "/v1/sms/inbound")!
            query.queryItems = [
                .init(name: "key", value: channels), .init(name: "from", value: sender),
                .init(name: "text", value: text),
            ]
            let (_, response) = try await URLSession.shared.data(from: query.url!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
        }
        try await inbound(from: "09350000000", "قفل ۰۰۱۸")
        #expect(
            try await post("/v1/verifications", pay + #""transactionId":"pay-3"}"#)["reason"] as? String == "replayed"
        )
        try await inbound(from: "09121234567", "قفل ۰۰۱۸")
        let suspended = try await post("/v1/verifications", pay + #""transactionId":"pay-4"}"#)
        #expect(suspended["reason"] as? String == "card_suspended")
        let shownCard = try await run(pooya, ["admin", "cards", "show", "6104337800000018", "--data", data])
        #expect(shownCard.standardOutput.contains("suspended by the cardholder: yes"), "\(shownCard.standardOutput)")
        let unlocked = try await run(pooya, ["admin", "cards", "unlock", "6104337800000018", "--data", data])
        #expect(unlocked.status == 0 && unlocked.standardOutput == "nothing was locked\n", "\(unlocked.standardError)")

        let wrong = try await run(
            pooya,
            ["token", "list", "--vault", vault],
            environment: ["POOYA_VAULT_PASSWORD": "wrong-pass-1"]
        )
        #expect(wrong.status != 0 && wrong.standardError.contains("the password is wrong"))
        let typo = try await run(
            pooya,
            [
                "token", "add", "--vault", vault, "--server", base, "--receipt", receipt,
                "--sms", (part.first == "1" ? "2" : "1") + part.dropFirst(),
            ],
            environment: cardholder
        )
        #expect(typo.status != 0 && typo.standardError.contains("typo"))

        if let tmux = Programs.tmux {
            try await checkCountdown(
                tmux: tmux,
                pooya: pooya,
                vault: vault,
                password: cardholder["POOYA_VAULT_PASSWORD"]!
            )
        } else {
            #expect(!Programs.isCI, "CI must have tmux: scripts/test installs it")
        }
        await server.stop()
    }

    /// `pooya token code` in a real terminal: a code, a bar and the seconds left, counting down, until Ctrl-C.
    private func checkCountdown(tmux: URL, pooya: URL, vault: String, password: String) async throws {
        let terminal = try await Terminal(tmux: tmux)
        let command =
            "POOYA_VAULT_PASSWORD='\(password)' '\(pooya.path)' token code 0018 --vault '\(vault)' --lang en"
            + " --pin 27194835"
        #expect(
            try await terminal.run(["new-session", "-d", "-s", "token", "-x", "100", "-y", "5", command]).status == 0
        )
        func screen() async throws -> String {
            try await terminal.run(["capture-pane", "-p", "-t", "token"]).standardOutput
        }
        func secondsLeft(_ text: String) -> Int? {
            text.firstMatch(of: /([0-9]{7})  [█░]{30}  ([0-9]+) s/).flatMap { Int($0.output.2) }
        }
        var first: Int?
        for _ in 0..<50 where first == nil {
            try await Task.sleep(for: .milliseconds(100))
            first = secondsLeft(try await screen())
        }
        let shown = try await screen()
        let start = try #require(first, "the countdown never showed: \(shown)")
        #expect(try await screen().contains("610433******0018"))
        try await Task.sleep(for: .milliseconds(2_100))
        let later = try #require(secondsLeft(try await screen()))
        #expect(later < start || later > 55, "the seconds count down (or a new code began): \(start) then \(later)")
        _ = try await terminal.run(["send-keys", "-t", "token", "C-c"])
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await terminal.run(["has-session", "-t", "token"]).status != 0, "Ctrl-C ends it")
        await terminal.stop()
    }
}

/// A tmux server of the test's own, on its own socket, run in the foreground (`-D`).
///
/// A server that daemonized itself would inherit the socket Foundation uses to notice that a child ended, so the
/// `tmux new-session` that started it would never be seen to end; in the foreground it is a child like any other.
private struct Terminal {
    let tmux: URL
    let folder: TemporaryFolder
    let socket: String
    let server: RunningProgram

    init(tmux: URL) async throws {
        self.tmux = tmux
        folder = try TemporaryFolder()
        socket = folder.url.appendingPathComponent("tmux.sock").path
        server = try RunningProgram(tmux, ["-S", socket, "-D"])
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) {
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Runs a tmux command against this server.
    func run(_ arguments: [String]) async throws -> ProgramResult {
        try await runProgram(tmux, ["-S", socket] + arguments, timeLimit: .seconds(30))
    }

    /// Stops the server and whatever runs in it.
    func stop() async { await server.stop() }
}
