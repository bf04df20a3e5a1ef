import ArgumentParser
import Foundation
import PooyaIssuer
import PooyaSQLite

/// `pooya admin backup --out FILE`: a consistent copy of the database, taken while `pooya serve` runs, then checked.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database while the service runs, and check the copy.",
        discussion: """
            The copy is one SQLite file as of one commit (what still sits in the -wal file included), mode 0600, \
            never overwriting a file. Its integrity and its audit trail's hash chain are checked before this command \
            says it is done. The master key is not in it: keep master.key apart, under the bank's key custody. To \
            restore, put the copy as pooya.sqlite and the key as master.key into a new data folder and start \
            pooya serve --data there (docs/operations.md).
            """
    )

    @OptionGroup var data: DataOptions

    @Option(help: "The backup file to write; it must not exist yet.")
    var out: String

    func run() async throws {
        let folder = try data.folder()
        guard case .sqlite = folder.store else {
            throw CommandFailure(
                "the service's state is in PostgreSQL: back it up with pg_dump or WAL archiving (docs/operations.md)"
            )
        }
        guard FileManager.default.fileExists(atPath: folder.databasePath) else {
            throw CommandFailure("there is no database in \(folder.path): pass --data with the service's data folder")
        }
        let (vault, _) = try folder.openKeys()
        try await SQLiteStore(path: folder.databasePath).backup(to: out)
        let copy = try SQLiteStore.openCopy(at: out)
        let cards = try await copy.cardCount()
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        switch try await Issuer(store: copy, vault: vault).verifyAuditChain() {
        case .intact(let entries):
            print("backed up \(cards) cards to \(out) (\(size) bytes); its audit trail is intact (\(entries) entries)")
        case .broken(let sequence, let reason):
            printError(
                "the backup at \(out) was written, but its audit trail is broken at entry \(sequence): \(reason)"
            )
            throw ExitCode.failure
        }
        print(
            "The master key is not in the backup: keep a copy of \(folder.keyPath) apart from it, under the bank's "
                + "key custody. The backup's seeds and texts open only with that key."
        )
    }
}
