import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import PooyaTesting
import Testing

/// A bank as the real binaries make it: `pooya serve` over a fresh data folder, a client key with the bank's scopes,
/// and the cardholder's vault beside it. Stop it when done.
struct ServedBank {
    let pooya: URL
    let folder: URL
    let data: String
    let vault: String
    let server: RunningProgram
    /// The service's address; a restored copy's has its own.
    let base: String
    let key: String
    /// The cardholder's environment for `pooya token`.
    let cardholder = ["POOYA_VAULT_PASSWORD": "رمز-من-1404"]

    init(environment: [String: String] = [:]) async throws {
        pooya = try #require(Programs.pooya)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pooya-tests-token-\(UUID().uuidString)")
        data = folder.appendingPathComponent("bank").path
        vault = folder.appendingPathComponent("phone/tokens.vault").path
        (server, base) = try await startServe(pooya, data: data, environment: environment)
        key = try await run(
            pooya,
            [
                "admin", "keys", "create", "--data", data, "--name", "bank", "--scope", "cards",
                "--scope", "activate", "--scope", "verify",
            ],
            environment: environment
        )
        .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The same bank, its cardholder and its client key, served from a restored copy of its data at `base`; the
    /// copy's `pooya serve` is the caller's to stop.
    init(restoredFrom bank: ServedBank, base: String) {
        (pooya, folder, data, vault, server, key) = (
            bank.pooya, bank.folder, bank.data, bank.vault, bank.server, bank.key
        )
        self.base = base
    }

    /// Posts `json` to the service with the bank's key and returns the answer's JSON object.
    func post(_ path: String, _ json: String) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(json.utf8)
        let (body, _) = try await URLSession.shared.data(for: request)
        return try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
    }

    /// Starts an ATM activation of the second PIN of card 6104337800000018 and returns its receipt part and the SMS
    /// part the service texted (read from the development SMS file).
    func activate() async throws -> (receipt: String, smsPart: String) {
        let activation = try await post(
            "/v1/activations",
            #"{"pan":"6104337800000018","mobile":"09121234567","kind":"second","channel":"atm"}"#
        )
        let receipt = try #require(activation["receiptCode"] as? String)
        let serial = try #require(activation["serial"] as? String)
        for _ in 0..<100 {  // the service's dispatcher writes the development SMS file
            let outbox = try await run(pooya, ["admin", "sms", "tail", "--data", data]).standardOutput
            let message = outbox.components(separatedBy: "\n\n").last { $0.contains(serial) } ?? ""
            if let part = message.firstMatch(of: /[0-9]{4}(-[0-9]{1,4}){6}/) { return (receipt, String(part.output.0)) }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("no activation SMS for \(serial)")
        return (receipt, "")
    }

    /// Registers card 6104337800000018, activates its second PIN at the ATM and adds the token to the cardholder's
    /// vault, as a cardholder who pays with the app has done.
    func cardWithToken() async throws {
        _ = try await post("/v1/cards", #"{"pan":"6104337800000018","mobile":"09121234567"}"#)
        let (receipt, sms) = try await activate()
        _ = try await token(["add", "--server", base, "--receipt", receipt, "--sms", sms])
    }

    /// Runs `pooya token …` with the cardholder's vault and password.
    func token(_ arguments: [String], environment: [String: String]? = nil) async throws -> ProgramResult {
        try await run(
            pooya,
            ["token"] + [arguments[0], "--vault", vault] + arguments.dropFirst(),
            environment: environment ?? cardholder
        )
    }

    /// The current code of the card's token, from `pooya token code --json`.
    func code(pin: String? = nil) async throws -> String {
        let shown = try await token(["code", "0018", "--json"] + (pin.map { ["--pin", $0] } ?? []))
        let json = try JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [String: Any]
        return try #require(json?["code"] as? String, "\(shown.standardError)")
    }

    /// The decision on paying 2,500,000 rials with `code` in transaction `transaction`.
    func pay(_ code: String, transaction: String) async throws -> [String: Any] {
        try await post(
            "/v1/verifications",
            #"{"pan":"6104337800000018","code":"\#(code)","kind":"second","amount":2500000,"merchantId":"shop","#
                + #""transactionId":"\#(transaction)"}"#
        )
    }

    /// Stops the service and removes the folder.
    func stop() async {
        await server.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
