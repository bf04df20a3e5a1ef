import ArgumentParser
import Foundation
import OneTimePassword
import PooyaAuthenticator
import PooyaProtocol
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What every `pooya token` command shares: the vault's place, the password, and the language.
struct TokenOptions: ParsableArguments {
    @Option(help: "The vault file (default: a per-user path beside the service's data).")
    var vault: String?

    @Option(help: "fa (Persian, with Persian digits) or en.")
    var lang: Language = .fa

    enum Language: String, ExpressibleByArgument {
        case fa, en
    }

    var path: String {
        vault ?? "\(UserFolders.pooya)/tokens.vault"
    }

    /// The password: `POOYA_VAULT_PASSWORD`, or asked for without echo on the terminal. Without a terminal to ask
    /// on (a script, a service), it says to set the variable rather than reading an empty password.
    func password(prompt: String, variable: String = "POOYA_VAULT_PASSWORD") throws -> String {
        if let password = ProcessInfo.processInfo.environment[variable] { return password }
        guard hasTerminal() else {
            throw CommandFailure(
                say(
                    "پایانه‌ای نیست که گذرواژه را بپرسد؛ آن را در متغیر \(variable) بگذارید",
                    "there is no terminal to ask for the password on: set \(variable)"
                )
            )
        }
        guard let typed = getpass(prompt) else {
            throw CommandFailure(say("گذرواژه‌ای داده نشد", "no password was given"))
        }
        return String(cString: typed)
    }

    /// The vault, opened; created when `creating` and there is none.
    func open(creating: Bool = false) throws -> Vault {
        let derivation = ScryptKeyDerivation()
        guard Vault.exists(at: path) else {
            guard creating else {
                throw CommandFailure(say("هنوز توکنی اضافه نشده است", "there is no vault yet: add a token first"))
            }
            return try Vault.create(
                at: path,
                password: password(prompt: say("گذرواژهٔ تازه: ", "New password: ")),
                derivation: derivation
            )
        }
        return try Vault.open(
            at: path,
            password: password(prompt: say("گذرواژه: ", "Password: ")),
            derivation: derivation
        )
    }

    /// `persian` or `english`, after `--lang`; Persian text gets Persian digits.
    func say(_ persian: String, _ english: String) -> String {
        lang == .en ? english : DecimalDigits.persian(persian)
    }

    /// The one token matching `card`: its last four digits, or its whole label, and `kind` when the card has two.
    func token(_ card: String, kind: String?, in vault: Vault) throws -> StoredToken {
        let digits = DecimalDigits.latin(card) ?? card
        let matches = vault.tokens.filter { token in
            (token.label == card || token.label.hasSuffix(digits)) && (kind == nil || token.kindName == kind)
        }
        guard matches.count == 1, let token = matches.first else {
            throw CommandFailure(
                matches.isEmpty
                    ? say("توکنی برای \(card) نیست", "no token matches \(card)")
                    : say("چند توکن با \(card) می‌خواند؛ --kind را بدهید", "several tokens match \(card): give --kind")
            )
        }
        return token
    }
}

extension StoredToken {
    /// `second`, `first`, or `totp` for an imported account.
    var kindName: String {
        if case .issuer(let parameters, _) = source { parameters.kind.rawValue } else { "totp" }
    }
}

extension TokenOptions {
    /// Tells the cardholder, on standard error, when this device's clock is more than 30 s off the issuer's: codes
    /// are made for the issuer's time all the same, but the clock should be set right.
    func warnIfClockIsOff(_ token: StoredToken) {
        guard let offset = token.clockOffset, abs(offset) > 30 else { return }
        let way = offset > 0 ? say("عقب", "behind") : say("جلو", "ahead")
        printError(
            say(
                "هشدار: ساعت این دستگاه \(abs(offset)) ثانیه از ساعت بانک \(way) است؛ رمزها برای ساعت بانک ساخته می‌شوند، "
                    + "ولی ساعت را روی «تنظیم خودکار» بگذارید",
                "warning: this device's clock is \(abs(offset)) s \(way) the bank's; codes are made for the bank's time, "
                    + "but set the clock to automatic"
            )
        )
    }

    /// The token's bank (or an imported account's issuer) and kind as the cardholder reads them: in Persian, the
    /// bank's Persian name from the card's BIN and `رمز دوم پویا`; in English, the issuer's name and `dynamic second
    /// PIN`.
    func describe(_ token: StoredToken) -> (bank: String, kind: String) {
        guard case .issuer(let parameters, _) = token.source else {
            let issuer: String? = if case .otpauth(let issuer, _, _, _, _) = token.source { issuer } else { nil }
            return (issuer ?? "otpauth", say("رمز یک‌بارمصرف زمانی", "time-based code"))
        }
        let persianKind = parameters.kind == .second ? "رمز دوم پویا" : "رمز اول پویا"
        return (
            say(Bank.known(bin: parameters.maskedPAN)?.persianName ?? parameters.bank, parameters.bank),
            say(persianKind, "dynamic \(parameters.kind) PIN")
        )
    }
}

/// Whether this process has a terminal to ask a password on (`getpass` reads from it, not from standard input).
private func hasTerminal() -> Bool {
    let terminal = open("/dev/tty", O_RDWR)
    guard terminal >= 0 else { return false }
    close(terminal)
    return true
}
