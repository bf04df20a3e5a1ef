import ArgumentParser
import Configuration
import Foundation
import PooyaIssuer
import Logging
import PooyaKeyVault
import PooyaPKCS11
import PooyaPostgres
import PooyaSQLite

/// `--data DIR`, shared by `serve` and every `admin` command, so scripts and tests can run a service in a folder of
/// their own. The default is a per-user folder (``UserFolders``): `$XDG_DATA_HOME/pooya`, `$HOME/.local/share/pooya`,
/// or on macOS `$HOME/Library/Application Support/Pooya`.
struct DataOptions: ParsableArguments {
    @Option(help: "The data folder: database, master key and the development SMS file.")
    var data: String?

    /// The folder, created (mode 0700) when missing, with its keys where `keyVault` says and its state in the store
    /// `store` says (by default, where the environment's configuration says: `POOYA_KEY_VAULT`, `POOYA_STORE_URL` and
    /// the rest).
    ///
    /// - Throws: a message naming the folder and saying to pass `--data` when it cannot be made.
    func folder(keyVault: KeyVaultSettings? = nil, store: StoreSettings? = nil) throws -> DataFolder {
        let path = data ?? UserFolders.pooya
        do {
            try FileManager.default.createDirectory(
                atPath: path,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw CommandFailure(
                "cannot make the data folder \(path) (\((error as NSError).localizedDescription)); "
                    + "pass --data DIR with a folder this user may write"
            )
        }
        let environment = ConfigReader(provider: ServiceConfiguration.environmentProvider)
        return DataFolder(
            path: path,
            keyVault: try keyVault
                ?? KeyVaultSettings(reader: environment, environment: ProcessInfo.processInfo.environment),
            store: try store ?? StoreSettings(reader: environment)
        )
    }
}

/// What lives in a data folder, and the issuer built over it.
struct DataFolder {
    let path: String
    /// Where the keys live: the folder's key file, or an HSM.
    let keyVault: KeyVaultSettings
    /// Where the state lives: the folder's SQLite database, or PostgreSQL.
    let store: StoreSettings

    var databasePath: String { "\(path)/pooya.sqlite" }
    var keyPath: String { "\(path)/master.key" }
    var outboxPath: String { "\(path)/sms-outbox.jsonl" }

    /// The vault (created with fresh keys the first time) and whether the key file is new.
    func openKeys() throws -> (vault: ReloadableKeyVault, createdKey: Bool) {
        switch keyVault {
        case .file:
            let (vault, created) = try KeyFile.loadOrCreate(at: keyPath, now: SystemClock().now())
            return (ReloadableKeyVault(vault), created)
        case .pkcs11:
            return (ReloadableKeyVault(try openVault()), false)
        }
    }

    /// The store, its schema brought up to date.
    ///
    /// - Throws: ``PooyaIssuer/StoreUnavailable`` when PostgreSQL cannot be reached.
    func openStore(logger: Logger = Logger(label: "pooya.store")) async throws -> any ServiceStore {
        switch store {
        case .sqlite: try SQLiteStore(path: databasePath)
        case .postgres(let settings): try await PostgresStore(settings: settings, logger: logger)
        }
    }

    /// The vault as its keys are now: the key file read again, or the token opened again (which finds keys rotated
    /// in it).
    func openVault() throws -> any KeyVault {
        switch keyVault {
        case .file: try KeyFile.load(at: keyPath)
        case .pkcs11(let module, let token, let pin): try PKCS11KeyVault(module: module, token: token, pin: pin)
        }
    }

    /// The issuer over this folder; its SMS wait in the store's outbox for a dispatcher.
    func issuer(
        policy: IssuerPolicy = IssuerPolicy(),
        webOTPHost: String? = nil,
        templates: SMSTemplates = SMSTemplates(),
        logger: Logger = Logger(label: "pooya.store")
    )
        async throws
        -> (issuer: Issuer, keys: ClientKeys, store: any ServiceStore, vault: ReloadableKeyVault, createdKey: Bool)
    {
        let (vault, created) = try openKeys()
        let store = try await openStore(logger: logger)
        let issuer = try Issuer(
            policy: policy,
            store: store,
            vault: vault,
            webOTPHost: webOTPHost,
            templates: templates
        )
        return (issuer, ClientKeys(store: store, vault: vault), store, vault, created)
    }
}
