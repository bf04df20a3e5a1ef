import ArgumentParser
import PooyaIssuer
import PooyaKeyVault
import PooyaPKCS11

/// `pooya admin keys reseal [--batch N] [--retire]`: seals every stored secret (seeds, activation keys, SMS texts, staff TOTP seeds)
/// again under the newest master key, in batches, while the service runs; resumable (run it again after a crash).
/// It says how many secrets remain under each older key; with `--retire`, removes from the key file (or destroys in
/// the token) the older master keys nothing is sealed under any more.
struct ResealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reseal",
        abstract: "Seal every stored secret again under the newest master key, in batches; say what remains.",
        discussion: """
            Rotate first (pooya admin keys rotate master) and reload every node (systemctl reload pooya, SIGHUP), \
            so that new secrets are sealed \
            under the new key too; then reseal. A key with nothing sealed under it may be retired (--retire) — only \
            once every node has reloaded: a node still running on the old key would seal new secrets under it.
            """
    )

    @OptionGroup var data: DataOptions

    @Option(help: "Secrets sealed again per batch, each batch its own short transactions (1 to 10000).")
    var batch: Int = 500

    @Flag(help: "Remove the older master keys nothing is sealed under any more from the key file.")
    var retire = false

    func validate() throws {
        guard (1...10_000).contains(batch) else { throw ValidationError("--batch is 1 to 10000") }
    }

    func run() async throws {
        let folder = try data.folder()
        let (issuer, _, _, vault, _) = try await folder.issuer()
        var resealed = 0
        var unopened = 0
        while true {
            let done = try await issuer.resealBatch(limit: batch)
            resealed += done.resealed
            unopened = done.unopened
            if done.resealed == 0 { break }
        }
        let counts = try await issuer.sealedSecretCounts()
        let older = counts.filter { $0.key != vault.sealingKeyID && $0.value > 0 }
        print("resealed \(resealed) secrets under master key \(vault.sealingKeyID)")
        for (keyID, count) in older.sorted(by: { $0.key < $1.key }) {
            print("\(count) remain under master key \(keyID)")
        }
        if unopened > 0 { print("\(unopened) could not be opened: their key is missing from the vault, or damaged") }
        guard retire else { return }
        let retired =
            switch folder.keyVault {
            case .file: try KeyFile.retireMasterKeys(at: folder.keyPath, keeping: Set(older.keys))
            case .pkcs11(let module, let token, let pin):
                try PKCS11KeyVault(module: module, token: token, pin: pin).retireMasterKeys(keeping: Set(older.keys))
            }
        print(
            retired.isEmpty
                ? "no master key retired" : "retired master keys \(retired.map(String.init).joined(separator: ", "))"
        )
    }
}
