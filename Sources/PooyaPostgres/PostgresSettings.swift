import Foundation

/// Where the PostgreSQL store connects and how, read from a URL such as
/// `postgresql://pooya:secret@db.bank.example:5432/pooya?sslmode=verify-full&pool=20`.
///
/// Query options: `sslmode` (`disable`, `require`: encrypted, any certificate; `verify-full`: encrypted, the server's
/// certificate checked against the system's roots, or `sslrootcert=FILE`, for the host name), `pool` (connections per
/// node, 20 by default) and `connect_timeout` (seconds a connection may take to open, and a request may wait for one,
/// 5 by default: past it the request fails as the store unavailable). The password is never in a description, a
/// log line or an error: ``description`` shows it as `***`.
public struct PostgresSettings: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is encrypted.
    public enum TLSMode: String, Sendable, Hashable {
        /// Plain TCP: only for a database on loopback or a private network the bank trusts.
        case disable
        /// Encrypted, without checking the server's certificate.
        case require
        /// Encrypted, the server's certificate checked for its host name.
        case verifyFull = "verify-full"
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The role Pooya connects as.
    public var user: String
    /// The role's password, if the server asks for one.
    public var password: String?
    /// The database's name.
    public var database: String
    /// How the connection is encrypted.
    public var tls: TLSMode
    /// A file of PEM certificates the server's must chain to, instead of the system's roots.
    public var rootCertificatePath: String?
    /// How many connections this node keeps at most.
    public var poolSize: Int
    /// How long a connection may take to open, and a request may wait for a pooled one.
    public var connectTimeout: Duration

    /// Why a URL was refused; the message never repeats the password.
    public struct Invalid: Error, CustomStringConvertible {
        /// What is wrong, in words an operator can act on.
        public let description: String
    }

    /// Reads a `postgresql://` (or `postgres://`) URL.
    ///
    /// - Throws: ``Invalid`` naming what is missing or wrong (never the password).
    public init(url text: String) throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme,
            scheme == "postgresql" || scheme == "postgres"
        else {
            throw Invalid(description: "the store URL must look like postgresql://USER@HOST:PORT/DATABASE")
        }
        guard let host = url.host, !host.isEmpty else { throw Invalid(description: "the store URL names no host") }
        guard let user = url.user, !user.isEmpty else { throw Invalid(description: "the store URL names no user") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw Invalid(description: "the store URL names no database (postgresql://USER@HOST/DATABASE)")
        }
        self.host = host
        self.port = url.port ?? 5432
        self.user = user
        self.password = url.password
        self.database = database
        self.tls = .require
        self.rootCertificatePath = nil
        self.poolSize = 20
        self.connectTimeout = .seconds(5)
        for item in url.queryItems ?? [] {
            try apply(item.name, item.value ?? "")
        }
    }

    private mutating func apply(_ name: String, _ value: String) throws {
        switch name {
        case "sslmode":
            guard let mode = TLSMode(rawValue: value) else {
                throw Invalid(description: "sslmode must be disable, require or verify-full, not '\(value)'")
            }
            tls = mode
        case "sslrootcert":
            rootCertificatePath = value
        case "pool":
            guard let size = Int(value), (1...500).contains(size) else {
                throw Invalid(description: "pool must be a number of connections from 1 to 500, not '\(value)'")
            }
            poolSize = size
        case "connect_timeout":
            guard let seconds = Int(value), (1...300).contains(seconds) else {
                throw Invalid(description: "connect_timeout must be seconds from 1 to 300, not '\(value)'")
            }
            connectTimeout = .seconds(seconds)
        default:
            throw Invalid(
                description: "unknown store URL option '\(name)' (sslmode, sslrootcert, pool, connect_timeout)"
            )
        }
    }

    /// The URL with the password shown as `***`.
    public var description: String {
        let secret = password == nil ? "" : ":***"
        return "postgresql://\(user)\(secret)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)&pool=\(poolSize)"
    }
}

extension PostgresSettings: CustomReflectable {
    /// What `dump` and debuggers show: the ``description``, never the password.
    public var customMirror: Mirror {
        Mirror(self, children: ["url": description], displayStyle: .struct)
    }
}
