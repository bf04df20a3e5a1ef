import ArgumentParser
import Foundation
import PooyaIssuer
import PooyaKeyVault
import PooyaPKCS11

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
        abstract: "Make a new receipt-signing key or master key; nodes use it once reloaded (SIGHUP) or restarted.",
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
        if case .pkcs11(let module, let token, let pin) = folder.keyVault {
            let vault = try PKCS11KeyVault(module: module, token: token, pin: pin)
            switch which {
            case .receipts: print(Self.receipts(try vault.rotateReceiptKey(now: SystemClock().now())))
            case .master: print(Self.master(try vault.rotateMasterKey()))
            }
            return
        }
        let keyPath = try folder.existingKeyPath()
        switch which {
        case .receipts: print(Self.receipts(try KeyFile.rotateReceiptKey(at: keyPath, now: SystemClock().now())))
        case .master: print(Self.master(try KeyFile.rotate(at: keyPath)))
        }
    }

    private static func receipts(_ id: String) -> String {
        "receipt key \(id) signs from each node's next reload (SIGHUP) or start; the one it replaces is retired"
    }

    private static func master(_ id: UInt32) -> String {
        "master key \(id) seals from each node's next reload (SIGHUP) or start; secrets sealed under older keys "
            + "still open "
            + "(pooya admin keys reseal moves them)"
    }
}
