import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import OneTimePassword
import PooyaProtocol
import PooyaTesting
import Testing

/// The cardholder's story with the real binaries: the bank's service, and `pooya token` in a terminal.
@Suite(.timeLimit(.minutes(3)))
struct TokenBinaryTests {
    @Test func aBackupCarriesAnExportableTokenToAnotherDeviceWhereItPays() async throws {
        let bank = try await ServedBank(environment: ["POOYA_POLICY_TOKENS_EXPORTABLE": "true"])
        _ = try await bank.post("/v1/cards", #"{"pan":"6104337800000018","mobile":"09121234567"}"#)
        let (receipt, part) = try await bank.activate()
        _ = try await bank.token(["add", "--server", bank.base, "--receipt", receipt, "--sms", part])
        let uri = "otpauth://totp/Mail:me@example.ir?secret=GEZDGNBVGY3TQOJQ&issuer=Mail"
        #expect(
            try await bank.token(["import-uri", uri, "--lang", "en"]).standardOutput == "added Mail:me@example.ir\n"
        )
        let backup = bank.folder.appendingPathComponent("backup.vault").path
        var withBackupPassword = bank.cardholder
        withBackupPassword["POOYA_BACKUP_PASSWORD"] = "پشتیبان-۱۴۰۵"
        let exported = try await bank.token(
            ["export", "--out", backup, "--lang", "en"],
            environment: withBackupPassword
        )
        #expect(exported.standardOutput == "wrote 2 tokens to \(backup)\n", "\(exported.standardError)")

        // On the new phone: another vault, another password; the backup's password typed with Latin digits.
        let newPhone = bank.folder.appendingPathComponent("new-phone/tokens.vault").path
        let restored = try await run(
            bank.pooya,
            ["token", "import", backup, "--vault", newPhone, "--lang", "en"],
            environment: ["POOYA_VAULT_PASSWORD": "new phone 1405", "POOYA_BACKUP_PASSWORD": "پشتیبان-1405"]
        )
        #expect(restored.standardOutput.contains("restored 610433******0018\n"), "\(restored.standardError)")
        let shown = try await run(
            bank.pooya,
            ["token", "code", "0018", "--vault", newPhone, "--json"],
            environment: ["POOYA_VAULT_PASSWORD": "new phone 1405"]
        )
        let json = try JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [String: Any]
        let code = try #require(json?["code"] as? String, "\(shown.standardError)")
        #expect(try await bank.pay(code, transaction: "from-new-phone")["decision"] as? String == "approved")
        let wrong = try await run(
            bank.pooya,
            ["token", "import", backup, "--vault", newPhone],
            environment: ["POOYA_VAULT_PASSWORD": "new phone 1405", "POOYA_BACKUP_PASSWORD": "not-the-one-1"]
        )
        #expect(wrong.status == 1 && wrong.standardError == "خطا: گذرواژه نادرست است\n", "\(wrong.standardError)")
        await bank.stop()
    }

    @Test func aPhoneWhoseClockIsFiveMinutesAheadStillShowsCodesThatPay() async throws {
        guard let faketime = Programs.faketime else {
            #expect(!Programs.isCI, "CI must have faketime: scripts/test installs it")
            return
        }
        let bank = try await ServedBank()
        _ = try await bank.post("/v1/cards", #"{"pan":"6104337800000018","mobile":"09121234567"}"#)
        let (receipt, part) = try await bank.activate()
        _ = try await bank.token(["add", "--server", bank.base, "--receipt", receipt, "--sms", part])
        // The cardholder's phone runs five minutes fast: `pooya token` measures the bank's clock and makes the code
        // for the bank's time, and says the clock is off.
        let shown = try await run(
            faketime,
            ["-f", "+300s", bank.pooya.path, "token", "code", "0018", "--vault", bank.vault, "--json"],
            environment: bank.cardholder
        )
        let json = try JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [String: Any]
        let code = try #require(json?["code"] as? String, "\(shown.standardError)")
        #expect(shown.standardError.contains("از ساعت بانک جلو است"), "\(shown.standardError)")
        #expect(try await bank.pay(code, transaction: "fast-phone")["decision"] as? String == "approved")
        await bank.stop()
    }

    @Test func aCardholderAddsATokenAndPaysWithItsCodeOnce() async throws {
        let bank = try await ServedBank()
        let (pooya, data, vault, base, cardholder) = (bank.pooya, bank.data, bank.vault, bank.base, bank.cardholder)

        _ = try await bank.post("/v1/cards", #"{"pan":"6104337800000018","mobile":"09121234567"}"#)
        let (receipt, part) = try await bank.activate()
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
        // In Persian (the default) the bank, the kind and the date are Persian, the date Jalali in Tehran's time, as
        // the SMS of the same minute shows it; in English the same instant is also given in UTC.
        let today = [Date(), Date().addingTimeInterval(60)].map { TehranTime.date(Int64($0.timeIntervalSince1970)) }
        let listed = try await run(pooya, ["token", "list", "--vault", vault], environment: cardholder)
        let persianLine = "۶۱۰۴۳۳******۰۰۱۸\tبانک ملت\tرمز دوم پویا\t"
        #expect(
            today.contains { listed.standardOutput.hasPrefix(persianLine + DecimalDigits.persian($0) + " ") },
            "\(listed.standardOutput)"
        )
        let listedInEnglish = try await run(
            pooya,
            ["token", "list", "--vault", vault, "--lang", "en"],
            environment: ["POOYA_VAULT_PASSWORD": "رمز-من-۱۴۰۴"]  // the same password typed with Persian digits
        )
        #expect(
            today.contains {
                listedInEnglish.standardOutput.hasPrefix("610433******0018\tBank Mellat\tdynamic second PIN\t\($0) ")
            },
            "\(listedInEnglish.standardOutput)\(listedInEnglish.standardError)"
        )
        #expect(listedInEnglish.standardOutput.contains("Z)\n"))

        let locked = try await run(
            pooya,
            ["token", "code", "0018", "--vault", vault, "--json"],
            environment: cardholder
        )
        #expect(locked.status != 0 && locked.standardError == "خطا: برای دیدن رمز این توکن، رمز تولید آن لازم است\n")
        let code = try await bank.code(pin: "27194835")
        #expect(code.count == 7)
        #expect(try await bank.pay(code, transaction: "pay-1")["decision"] as? String == "approved")
        #expect(try await bank.pay(code, transaction: "pay-2")["reason"] as? String == "replayed")

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
        #expect(try await bank.pay(code, transaction: "pay-3")["reason"] as? String == "replayed")
        try await inbound(from: "09121234567", "قفل ۰۰۱۸")
        #expect(try await bank.pay(code, transaction: "pay-4")["reason"] as? String == "card_suspended")
        let shownCard = try await run(pooya, ["admin", "cards", "show", "6104337800000018", "--data", data])
        #expect(shownCard.standardOutput.contains("suspended by the cardholder: yes"), "\(shownCard.standardOutput)")
        let unlocked = try await run(pooya, ["admin", "cards", "unlock", "6104337800000018", "--data", data])
        #expect(unlocked.status == 0 && unlocked.standardOutput == "nothing was locked\n", "\(unlocked.standardError)")

        let wrong = try await run(
            pooya,
            ["token", "list", "--vault", vault],
            environment: ["POOYA_VAULT_PASSWORD": "wrong-pass-1"]
        )
        #expect(wrong.status == 1 && wrong.standardError == "خطا: گذرواژه نادرست است\n", "\(wrong.standardError)")
        let wrongInEnglish = try await run(
            pooya,
            ["token", "list", "--vault", vault, "--lang", "en"],
            environment: ["POOYA_VAULT_PASSWORD": "wrong-pass-1"]
        )
        #expect(wrongInEnglish.standardError == "Error: the password is wrong\n")
        // Without a terminal to ask on and without the variable, it says so rather than blaming an empty password.
        let unattended = try await runProgram(
            URL(fileURLWithPath: "/usr/bin/setsid"),
            [pooya.path, "token", "list", "--vault", vault]
        )
        #expect(
            unattended.standardError
                == "خطا: پایانه‌ای نیست که گذرواژه را بپرسد؛ آن را در متغیر POOYA_VAULT_PASSWORD بگذارید\n",
            "\(unattended.standardError)"
        )
        let typo = try await run(
            pooya,
            [
                "token", "add", "--vault", vault, "--server", base, "--receipt", receipt,
                "--sms", (part.first == "1" ? "2" : "1") + part.dropFirst(),
            ],
            environment: cardholder
        )
        #expect(
            typo.status == 1
                && typo.standardError == "خطا: کد پیامک اشتباه تایپ شده است: رقمی نادرست است یا دو رقم جابه‌جا شده‌اند\n",
            "\(typo.standardError)"
        )
        // A receipt part that passes its check digit but is not this activation's: the bank's words, in Persian.
        let otherReceipt = try await run(
            pooya,
            ["token", "add", "--vault", vault, "--server", base, "--receipt", "12345671", "--sms", part],
            environment: cardholder
        )
        #expect(
            otherReceipt.standardError
                == "خطا: کد فعال‌سازی درست نیست؛ هر دو بخش را دوباره نگاه کنید، یا از خودپرداز، اینترنت‌بانک یا شعبه دوباره فعال کنید\n",
            "\(otherReceipt.standardError)"
        )

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
        await bank.stop()
    }

    @Test func aCardholderWhoReactivatesIsNeverStranded() async throws {
        let bank = try await ServedBank()
        _ = try await bank.post("/v1/cards", #"{"pan":"6104337800000018","mobile":"09121234567"}"#)
        func add(_ activation: (receipt: String, smsPart: String), _ flags: [String] = []) async throws
            -> ProgramResult
        {
            try await bank.token(
                [
                    "add", "--server", bank.base, "--receipt", activation.receipt, "--sms", activation.smsPart,
                    "--lang", "en",
                ] + flags
            )
        }
        #expect(try await add(try await bank.activate()).status == 0)
        let working = try await bank.code()

        // Without --replace the vault refuses before the handshake: the bank still has the working token and the
        // activation stays open, so the same parts work with --replace.
        let again = try await bank.activate()
        let refused = try await add(again)
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("nothing was changed at the bank"), "\(refused.standardError)")
        #expect(refused.standardError.contains("--replace"))
        #expect(try await bank.pay(working, transaction: "before")["decision"] as? String == "approved")

        let replaced = try await add(again, ["--replace"])
        #expect(replaced.status == 0, "\(replaced.standardError)")
        let listed = try await bank.token(["list"]).standardOutput
        #expect(listed.split(separator: "\n").count == 1, "\(listed)")
        let fresh = try await bank.code()
        #expect(fresh != working)
        #expect(try await bank.pay(fresh, transaction: "after")["decision"] as? String == "approved")
        #expect(try await bank.pay(working, transaction: "old")["reason"] as? String == "invalid_code")

        // A spent activation with --replace fails at the bank, and the vault keeps the token that works.
        let spent = try await add(again, ["--replace"])
        #expect(spent.status != 0 && !spent.standardError.isEmpty)
        #expect(try await bank.token(["list"]).standardOutput == listed)
        await bank.stop()
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
