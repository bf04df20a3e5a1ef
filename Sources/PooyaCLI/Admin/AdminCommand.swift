import ArgumentParser

/// `pooya admin`: administration over the same data folder as `pooya serve`, while it runs or not.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administer a data folder: client keys, staff, cards, the audit trail, the SMS outbox, backups.",
        subcommands: [
            KeysCommand.self, UsersCommand.self, CardsCommand.self, AuditCommand.self, SMSCommand.self,
            BackupCommand.self,
        ]
    )
}

/// `pooya admin keys`.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make, list and revoke the keys systems call the API with; rotate the vault's keys; zone PIN keys.",
        subcommands: [
            CreateKeyCommand.self, ListKeysCommand.self, RevokeKeyCommand.self, RotateKeyCommand.self,
            ResealCommand.self, ZoneKeysCommand.self, KeyBlockProtectionKeysCommand.self, ImportIntoTokenCommand.self,
        ]
    )
}

/// `pooya admin audit`.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit trail, or sign a checkpoint of it.",
        subcommands: [VerifyAuditCommand.self, CheckpointAuditCommand.self]
    )
}

/// `pooya admin sms`.
struct SMSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sms",
        abstract: "Read the SMS outbox, and the development SMS file.",
        subcommands: [SMSListCommand.self, SMSTailCommand.self]
    )
}
