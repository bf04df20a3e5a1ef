import ArgumentParser
import Foundation
import PooyaIssuer
import PooyaKeyVault
import PooyaPKCS11

/// `pooya admin keys import-into-token --module PATH --token LABEL [--pin-file FILE]`: moves a data folder's keys from
/// its key file into an HSM's token, once, at a key ceremony — the master keys (same ids), the fingerprint key, the
/// receipt keys and the zone PIN keys, made sensitive and never extractable there — so that everything sealed,
/// digested and signed so far stays good with `key.vault = pkcs11`. Checked before it says so.
struct ImportIntoTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-into-token",
        abstract: "Move the key file's keys into an HSM's token (PKCS#11), once; then set key.vault = pkcs11.",
        discussion: """
            The token's user PIN comes from POOYA_KEY_PKCS11_PIN or --pin-file, never the command line. The token \
            must not hold Pooya's keys yet. Afterwards set key.vault = pkcs11 for every node and pooya admin, restart \
            them, and keep master.key under the bank's custody or destroy it.
            """
    )

    @OptionGroup var data: DataOptions

    @Option(help: "The PKCS#11 module's path, such as /usr/lib/softhsm/libsofthsm2.so.")
    var module: String

    @Option(help: "The token's label.")
    var token: String

    @Option(help: "A file holding the token's user PIN (else POOYA_KEY_PKCS11_PIN).")
    var pinFile: String?

    func run() throws {
        let folder = try data.folder(keyVault: .file)
        let keyPath = try folder.existingKeyPath()
        let pin = try KeyVaultSettings.pin(file: pinFile, environment: ProcessInfo.processInfo.environment)
        let material = try KeyFile.material(at: keyPath)
        try PKCS11KeyVault.importKeys(material, module: module, token: token, pin: pin)
        let before = try KeyFile.load(at: keyPath)
        let after = try PKCS11KeyVault(module: module, token: token, pin: pin)
        let probe = Array("import-into-token".utf8)
        guard try after.keyedDigest(of: probe) == before.keyedDigest(of: probe),
            after.receiptKeys.map(\.id) == before.receiptKeys.map(\.id),
            after.sealingKeyID == before.sealingKeyID,
            try after.open(before.seal(probe, context: "probe"), context: "probe") == probe
        else { throw CommandFailure("the token does not answer as the key file does: do not switch to it") }
        print(
            "moved \(material.masterKeys.count) master keys, the fingerprint key, \(material.receiptKeys.count) "
                + "receipt keys and \(material.zoneKeys.count) zone keys into the token \(token); set key.vault = "
                + "pkcs11 for every node and pooya admin, restart them, and keep \(keyPath) under custody or destroy it"
        )
    }
}
