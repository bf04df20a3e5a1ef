public import Configuration
import Foundation
import PooyaIssuer
public import PooyaPostgres

/// Which database holds the service's state, read once at start from the configuration `pooya serve` and every
/// `pooya admin` command share (a command's own file aside, the environment): the data folder's SQLite database (the
/// default), or the PostgreSQL database `store.url` names (`POOYA_STORE_URL`), which several nodes share.
///
/// Its description, debug description and mirror never show the database's password.
public enum StoreSettings: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The data folder's `pooya.sqlite`.
    case sqlite
    /// A PostgreSQL database.
    case postgres(PostgresSettings)

    /// Reads the settings.
    ///
    /// - Throws: a configuration error saying what is wrong with `store.url`; never its password.
    public init(reader: ConfigReader) throws {
        guard let url = reader.string(forKey: "store.url", isSecret: true), !url.isEmpty else {
            self = .sqlite
            return
        }
        do {
            self = .postgres(try PostgresSettings(url: url))
        } catch let error as PostgresSettings.Invalid {
            throw IssuerError.invalidRequest("store.url: \(error.description)")
        }
    }

    /// The kind of store and where, without a password.
    public var description: String {
        switch self {
        case .sqlite: "the data folder's SQLite database"
        case .postgres(let settings): "PostgreSQL at \(settings)"
        }
    }

    /// The same as the description: without a password.
    public var debugDescription: String { description }

    /// Redacted: `dump` shows the description, never a password.
    public var customMirror: Mirror { Mirror(self, children: ["store": description]) }
}
