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

    /// The password: `POOYA_VAULT_PASSWORD`, or asked for without echo.
    func password(prompt: String) throws -> String {
        if let password = ProcessInfo.processInfo.environment["POOYA_VAULT_PASSWORD"] { return password }
        guard let typed = getpass(prompt) else { throw ValidationError("no password was given") }
        return String(cString: typed)
    }

    /// The vault, opened; created when `creating` and there is none.
    func open(creating: Bool = false) throws -> Vault {
        let derivation = ScryptKeyDerivation()
        guard Vault.exists(at: path) else {
            guard creating else {
                throw ValidationError(say("هنوز توکنی اضافه نشده است", "there is no vault yet: add a token first"))
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
            throw ValidationError(
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
