import ArgumentParser
import Foundation
import PooyaIssuer
import PooyaKeyVault

/// `pooya admin keys rotate receipts|master`: adds a new key to the data folder's key file and makes it the one in
/// use; the keys it replaces stay, so what they signed or sealed still checks or opens.
struct RotateKeyCommand: ParsableCommand {
    /// Which of the vault's keys to rotate.
    enum Which: String, ExpressibleByArgument, CaseIterable {
        /// The receipt-signing key.
        case receipts
        /// The master key that seals seeds and other secrets.
        case master
    }

    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Make a new receipt-signing key or master key; nodes use it once restarted.",
        discussion: """
            receipts: the new key signs new receipts; the retired one stays in GET /v1/receipts/keys until the \
            receipts it signed have expired. master: new secrets are sealed under the new key; secrets sealed \
            under older keys still open.
            """
    )

    @OptionGroup var data: DataOptions

    @Argument(help: "receipts or master.")
    var which: Which

    func run() throws {
        let folder = try data.folder()
        guard case .file = folder.keyVault else {
            throw CommandFailure(
                "the keys are in \(folder.keyVault): rotating them in a PKCS#11 token is not yet done by pooya"
            )
        }
        let keyPath = folder.keyPath
        guard FileManager.default.fileExists(atPath: keyPath) else {
            throw CommandFailure("there is no key file at \(keyPath): start pooya serve once to make it")
        }
        switch which {
        case .receipts:
            let id = try KeyFile.rotateReceiptKey(at: keyPath, now: SystemClock().now())
            print("receipt key \(id) signs from each node's next start; the one it replaces is retired")
        case .master:
            let id = try KeyFile.rotate(at: keyPath)
            print("master key \(id) seals from each node's next start; secrets sealed under older keys still open")
        }
    }
}
