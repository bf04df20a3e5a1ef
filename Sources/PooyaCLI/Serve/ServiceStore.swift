import PooyaIssuer
import PooyaPostgres
import PooyaSQLite

/// What `pooya serve` and `pooya admin` need of a store: the issuer's state, the client keys and the console's staff
/// accounts, whether the database answers (the readiness probe), and where the state several nodes must share is kept.
protocol ServiceStore: IssuerStore, ClientKeyStore, StaffStore {
    /// Whether the database answers now.
    func isReachable() async -> Bool

    /// The limits that protect cardholders and the USSD sessions, when several nodes share this store; `nil` for a
    /// store one node opens alone, which keeps them in memory.
    var nodeSharedState: (any LimitBuckets & USSDSessions)? { get }
}

extension SQLiteStore: ServiceStore {
    /// Whether the database answers now: a reader reads it.
    func isReachable() async -> Bool {
        await isReadable()
    }

    /// None: one node opens the database file.
    var nodeSharedState: (any LimitBuckets & USSDSessions)? { nil }
}

extension PostgresStore: ServiceStore {
    /// The store itself: its tables hold them for every node.
    var nodeSharedState: (any LimitBuckets & USSDSessions)? { self }
}
