import ArgumentParser
import PooyaIssuer

/// `pooya admin audit verify`: checks the hash chain; exits 1 at the first broken link.
struct VerifyAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the audit trail's hash chain and name the first broken link."
    )

    @OptionGroup var data: DataOptions

    func run() async throws {
        let (issuer, _, _, _, _) = try await data.folder().issuer()
        switch try await issuer.verifyAuditChain() {
        case .intact(let entries):
            print("intact: \(entries) entries")
        case .broken(let sequence, let reason):
            print("broken at entry \(sequence): \(reason)")
            throw ExitCode.failure
        }
    }
}
