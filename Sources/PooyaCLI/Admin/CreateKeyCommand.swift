import ArgumentParser
import PooyaIssuer

/// `pooya admin keys create`: prints a new key once, on standard output and alone, so a script can capture it.
struct CreateKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a client key; it is printed once and stored only as a keyed digest."
    )

    @OptionGroup var data: DataOptions

    @Option(help: "Who holds the key, such as atm-host.")
    var name: String

    @Option(
        name: .customLong("scope"),
        help: "A scope: cards, activate, verify, admin or channels. Repeat for several.",
        transform: { text in
            guard let scope = ClientScope(rawValue: text) else {
                throw ValidationError("'\(text)' is not a scope: use cards, activate, verify, admin or channels")
            }
            return scope
        }
    )
    var scopes: [ClientScope] = []

    @Option(
        name: .customLong("webotp-host"),
        help: "A payment page's host this gateway may name in its SMS' WebOTP line. Repeat for several.",
        transform: { (text: String) throws -> WebOTPHost in
            do { return try WebOTPHost(text, field: "--webotp-host") } catch { throw ValidationError("\(error)") }
        }
    )
    var webOTPHosts: [WebOTPHost] = []

    func validate() throws {
        guard !scopes.isEmpty else { throw ValidationError("give at least one --scope") }
    }

    func run() async throws {
        let (_, keys, _, _, _) = try await data.folder().issuer()
        let (key, secret) = try await Staff.acting {
            try await keys.create(name: name, scopes: Set(scopes), webOTPHosts: Set(webOTPHosts))
        }
        print(secret)
        printError(
            "made \(key.id) for \(key.name) with \(key.scopes.sorted().map(\.rawValue).joined(separator: ", ")); "
                + "it is shown only now"
        )
    }
}

/// `pooya admin keys list`.
struct ListKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List client keys (never the keys).")

    @OptionGroup var data: DataOptions

    func run() async throws {
        let (_, keys, _, _, _) = try await data.folder().issuer()
        for key in try await keys.list() {
            let state = key.revokedAt.map { "revoked \(Dates.describe($0))" } ?? "valid"
            print(
                "\(key.id)\t\(key.name)\t\(key.scopes.sorted().map(\.rawValue).joined(separator: ","))\t"
                    + "created \(Dates.describe(key.createdAt))\t\(state)"
                    + (key.webOTPHosts.isEmpty
                        ? "" : "\twebotp " + key.webOTPHosts.sorted().map(\.name).joined(separator: ","))
            )
        }
    }
}

/// `pooya admin keys revoke`.
struct RevokeKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a client key by its id.")

    @OptionGroup var data: DataOptions

    @Argument(help: "The key's id (key_…), from keys list.")
    var id: String

    func run() async throws {
        let (_, keys, _, _, _) = try await data.folder().issuer()
        try await Staff.acting { try await keys.revoke(id: id) }
        printError("revoked \(id)")
    }
}
