import ArgumentParser
import Foundation
import PooyaAuthenticator
import PooyaProtocol

/// `pooya token add`: runs the provisioning handshake with the issuer and keeps the token.
struct AddTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract:
            "Add a card's token from its activation code: receipt and SMS parts, a QR payload, or serial and code."
    )

    @OptionGroup var options: TokenOptions

    @Option(help: "The issuer's service, such as https://pooya.bank.example.")
    var server: String

    @Option(help: "The part printed on the ATM receipt or shown on the screen.")
    var receipt: String?

    @Option(help: "The part that came by SMS (always needed).")
    var sms: String

    @Option(help: "The internet bank's QR payload, instead of --receipt.")
    var qr: String?

    @Option(help: "The token serial, with --activation-code, instead of --receipt.")
    var serial: String?

    @Option(help: "The activation code shown with the serial.")
    var activationCode: String?

    @Flag(help: "Replace this card's token of the same kind (the old one leaves only once the new one is saved).")
    var replace = false

    @Option(help: "An 8-digit generation PIN to type before each code (no runs like 12345678, no digit over 4 times).")
    var generationPIN: String?

    func run() async throws {
        try await options.reporting { try await add() }
    }

    private func add() async throws {
        let forms = [receipt != nil, qr != nil, serial != nil || activationCode != nil].filter { $0 }.count
        guard forms == 1, (serial == nil) == (activationCode == nil) else {
            throw ValidationError(
                options.say(
                    "یکی از این‌ها را بدهید: --receipt، یا --qr، یا --serial با --activation-code",
                    "give --receipt, or --qr, or --serial with --activation-code"
                )
            )
        }
        guard let url = URL(string: server), url.scheme == "http" || url.scheme == "https" else {
            throw ValidationError(
                options.say("--server باید نشانی http یا https باشد", "--server must be an http or https URL")
            )
        }
        let input: ActivationInput =
            if let receipt { .parts(receipt: receipt, sms: sms) } else if let qr { .qrPayload(qr, sms: sms) } else {
                .manual(serial: serial ?? "", code: activationCode ?? "", sms: sms)
            }
        _ = try input.activationCode()  // a typo is refused here, before the vault or the network
        if let generationPIN { _ = try GenerationPIN.validated(generationPIN) }
        var vault = try options.open(creating: true)
        let connection = HTTPIssuerConnection(baseURL: url, language: options.lang.rawValue)
        let now = Int64(Date().timeIntervalSince1970)
        var token: StoredToken
        do {
            token = try await Authenticator.addToken(
                input,
                connection: connection,
                to: &vault,
                replacing: replace,
                now: now
            )
        } catch VaultError.tokenExists(let card) {
            throw CommandFailure(
                options.say(
                    "برای \(card) توکنی در این دستگاه هست و در بانک چیزی عوض نشد؛ برای جایگزینی، همین فرمان را با --replace بزنید",
                    "\(card) has a token here already, and nothing was changed at the bank; to replace it, run the same command with --replace"
                )
            )
        }
        if let generationPIN {
            try token.setGenerationPIN(generationPIN)
            try vault.update(token)
        }
        options.warnIfClockIsOff(token)
        let (bank, kind) = options.describe(token)
        print(options.say("افزوده شد: \(token.label) (\(bank))، \(kind)", "added \(token.label) (\(bank)), \(kind)"))
    }
}

/// `pooya token list`.
struct ListTokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the tokens: card, bank, kind, added."
    )

    @OptionGroup var options: TokenOptions

    func run() async throws {
        try await options.reporting {
            let vault = try options.open()
            for token in vault.tokens {
                let (bank, kind) = options.describe(token)
                let added =
                    options.lang == .fa
                    ? Dates.jalali(token.addedAt, persianDigits: true) : Dates.describe(token.addedAt)
                print(
                    options.say(
                        "\(token.label)\t\(bank)\t\(kind)\t\(added)",
                        "\(token.label)\t\(bank)\t\(kind)\t\(added)"
                    )
                )
            }
        }
    }
}

/// `pooya token remove CARD`.
struct RemoveTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a card's token.")

    @OptionGroup var options: TokenOptions

    @Argument(help: "The card: its last four digits or its masked number.")
    var card: String

    @Option(help: "first or second, when the card has both.")
    var kind: String?

    func run() async throws {
        try await options.reporting {
            var vault = try options.open()
            try vault.remove(id: try options.token(card, kind: kind, in: vault).id)
            print(options.say("حذف شد", "removed"))
        }
    }
}

/// `pooya token passwd`: a new password (and today's key derivation).
struct PasswdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Change the vault's password.")

    @OptionGroup var options: TokenOptions

    func run() async throws {
        try await options.reporting {
            var vault = try options.open()
            let new = try options.password(
                prompt: options.say("گذرواژهٔ تازه: ", "New password: "),
                variable: "POOYA_NEW_VAULT_PASSWORD"
            )
            try vault.changePassword(to: new)
            print(options.say("گذرواژه عوض شد", "password changed"))
        }
    }
}
