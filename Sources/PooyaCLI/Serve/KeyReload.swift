import Dispatch
import Foundation
import Logging
import PooyaIssuer
import PooyaKeyVault

/// SIGHUP (`systemctl reload pooya`) makes a running `pooya serve` read its keys again, so that a key rotated with
/// `pooya admin keys rotate` or a zone key imported since start is used without a restart. A vault that cannot be
/// read leaves the keys in use as they are, and says so in the log.
final class KeyReload {
    private let source: any DispatchSourceSignal

    /// Starts listening for SIGHUP; it is listened for until this value is gone.
    init(folder: DataFolder, vault: ReloadableKeyVault, logger: Logger) {
        signal(SIGHUP, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler {
            do {
                let keys = try folder.openVault()
                vault.replace(with: keys)
                logger.notice(
                    "keys reloaded",
                    metadata: [
                        "keys.master": "\(keys.sealingKeyID)", "keys.receipt": "\(keys.receiptKeys.last?.id ?? "")",
                        "keys.zone": "\(keys.zoneKeys.count)",
                    ]
                )
            } catch {
                // A vault's errors name the failing call and key id; any other (a key file that does not parse, say)
                // only its type: its message could quote the file.
                let cause = (error as? KeyVaultError)?.description ?? "\(type(of: error))"
                logger.error("the keys could not be reloaded; the ones in use stay", metadata: ["error": "\(cause)"])
            }
        }
        source.resume()
    }

    deinit { source.cancel() }
}
