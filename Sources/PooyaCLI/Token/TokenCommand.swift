import ArgumentParser

/// `pooya token`: the cardholder's authenticator in a terminal.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "The cardholder's authenticator: add tokens, show codes, keep them in an encrypted vault.",
        discussion: "The vault's password is asked for without echo, or read from POOYA_VAULT_PASSWORD for scripts.",
        subcommands: [
            AddTokenCommand.self, ListTokensCommand.self, CodeCommand.self, RemoveTokenCommand.self,
            PasswdCommand.self, ExportTokensCommand.self, ImportTokensCommand.self, ImportURICommand.self,
        ]
    )
}
