import ArgumentParser
import PooyaIssuer

/// `pooya admin users`: the bank staff who sign in to the console (`/admin`).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Make and list the staff accounts of the console (/admin).",
        subcommands: [CreateUserCommand.self, ListUsersCommand.self]
    )
}

/// `pooya admin users create NAME --role ROLE`: prints the first password once, on standard output and alone.
struct CreateUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a staff account; its first password is printed once, and its TOTP is enrolled at first sign-in."
    )

    @OptionGroup var data: DataOptions

    @Argument(help: "The name they sign in with: letters, digits and . _ - @.")
    var name: String

    @Option(
        help: "helpdesk (find a card, unlock, suspend, resend), auditor (the audit trail) or operator (keys, SMS).",
        transform: { text in
            guard let role = StaffRole(rawValue: text) else {
                throw ValidationError("'\(text)' is not a role: use helpdesk, auditor or operator")
            }
            return role
        }
    )
    var role: StaffRole

    func run() async throws {
        let (_, _, store, vault, _) = try await data.folder().issuer()
        let (member, password) = try await Staff.acting {
            try await StaffAccounts(store: store, vault: vault).create(name: name, role: role)
        }
        print(password)
        printError("made \(member.name) (\(member.role.rawValue)); the password is shown only now")
    }
}

/// `pooya admin users list`.
struct ListUsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the staff accounts (never a password or seed)."
    )

    @OptionGroup var data: DataOptions

    func run() async throws {
        let (_, _, store, vault, _) = try await data.folder().issuer()
        for member in try await StaffAccounts(store: store, vault: vault).list() {
            let enrolled = member.totpEnrolledAt == nil ? "TOTP not enrolled" : "TOTP enrolled"
            print("\(member.name)\t\(member.role.rawValue)\t\(enrolled)")
        }
    }
}
