import ArgumentParser
import PooyaIssuer

/// `pooya admin audit checkpoint`: signs where every audit chain ends now, keeps it, and prints it for a notary.
struct CheckpointAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign where every audit chain ends now, keep it, and print it (a JWS) for an outside notary.",
        discussion: """
            The service also makes one every audit.checkpointMinutes. `pooya admin audit verify` checks every kept \
            checkpoint against the chains: entries cut off a chain's end before a checkpoint are found.
            """
    )

    @OptionGroup var data: DataOptions

    func run() async throws {
        let (issuer, _, _, _, _) = try await data.folder().issuer()
        let checkpoint = try await issuer.makeAuditCheckpoint()
        let entries = checkpoint.heads.map(\.sequence).reduce(0, +)
        printError(
            "checkpoint of \(checkpoint.heads.count) chains, \(entries) entries, signed at \(checkpoint.madeAt):"
        )
        print(checkpoint.token)
    }
}
