import ArgumentParser
import Foundation
import PooyaAuthenticator

/// `pooya token export --out FILE`: an encrypted backup of the vault, behind a password of its own.
struct ExportTokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an encrypted backup, behind its own password, to restore on another device.",
        discussion: """
            The backup holds the otpauth accounts and the bank tokens whose bank allows it; the others are only \
            named, to be activated again at an ATM. Its password is asked for, or read from POOYA_BACKUP_PASSWORD.
            """
    )

    @OptionGroup var options: TokenOptions

    @Option(help: "The backup file to write; it must not exist yet.")
    var out: String

    func run() async throws {
        try await options.reporting {
            let vault = try options.open()
            let password = try options.password(
                prompt: options.say("گذرواژهٔ پشتیبان: ", "Backup password: "),
                variable: "POOYA_BACKUP_PASSWORD"
            )
            let backup = try vault.export(to: out, password: password, derivation: ScryptKeyDerivation())
            print(
                options.say(
                    "\(backup.tokens.count) توکن در \(out) نوشته شد",
                    "wrote \(backup.tokens.count) tokens to \(out)"
                )
            )
            for card in backup.toReactivate {
                print(
                    options.say(
                        "\(card): بانک اجازهٔ انتقال نمی‌دهد؛ در دستگاه تازه از خودپرداز دوباره فعال کنید",
                        "\(card): the bank keeps it on this device; activate it again at an ATM on the new one"
                    )
                )
            }
        }
    }
}

/// `pooya token import FILE`: restores a backup into this vault.
struct ImportTokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Restore the tokens of a backup into this vault (its password is asked for, or POOYA_BACKUP_PASSWORD)."
    )

    @OptionGroup var options: TokenOptions

    @Argument(help: "The backup file.")
    var file: String

    func run() async throws {
        try await options.reporting {
            var vault = try options.open(creating: true)
            let password = try options.password(
                prompt: options.say("گذرواژهٔ پشتیبان: ", "Backup password: "),
                variable: "POOYA_BACKUP_PASSWORD"
            )
            let (added, toReactivate) = try vault.importBackup(
                at: file,
                password: password,
                derivation: ScryptKeyDerivation()
            )
            for token in added { print(options.say("بازگردانده شد: \(token.label)", "restored \(token.label)")) }
            for card in toReactivate {
                print(
                    options.say(
                        "\(card): در پشتیبان نیست؛ از خودپرداز دوباره فعال کنید",
                        "\(card): not in the backup; activate it again at an ATM"
                    )
                )
            }
        }
    }
}

/// `pooya token import-uri URI`: adds an ordinary TOTP account from an otpauth URI.
struct ImportURICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-uri",
        abstract: "Add an ordinary time-based account from an otpauth:// URI (it always goes into backups)."
    )

    @OptionGroup var options: TokenOptions

    @Argument(help: "The otpauth://totp/… URI.")
    var uri: String

    func run() async throws {
        try await options.reporting {
            var vault = try options.open(creating: true)
            let token = try Authenticator.importURI(uri, to: &vault, now: Int64(Date().timeIntervalSince1970))
            print(options.say("افزوده شد: \(token.label)", "added \(token.label)"))
        }
    }
}
