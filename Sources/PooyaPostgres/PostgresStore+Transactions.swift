import Logging
import PooyaIssuer
import PostgresNIO
import Synchronization
import _ConnectionPoolModule

extension PostgresStore {
    /// How many times a transaction PostgreSQL aborted to break a conflict is run again before the conflict is
    /// reported.
    static let conflictRetries = 8

    /// Runs `body` in a transaction on one pooled connection and commits it; rolls it back when `body` throws. The
    /// whole transaction runs again when PostgreSQL aborts it for a serialization failure or a deadlock, so `body`
    /// must do nothing but talk to the database.
    func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresSession) async throws -> Result
    ) async throws -> Result {
        try await session { session in
            _ = try await session.rows(HotStatements.Begin.self)
            let result: Result
            do {
                result = try await body(session)
            } catch {
                do { try await session.run("ROLLBACK") } catch { try? await session.connection.close() }
                throw error
            }
            _ = try await session.rows(HotStatements.Commit.self)
            return result
        }
    }

    /// Runs `body` on one pooled connection, outside a transaction (each statement commits alone, as for reads)
    /// unless `body` begins one; run again, whole, after a conflict.
    func session<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresSession) async throws -> Result
    ) async throws -> Result {
        let logger = logger
        return try await Self.retrying(logger: logger) {
            try await self.withLease { connection in
                try await body(PostgresSession(connection: connection, logger: logger))
            }
        }
    }

    /// Runs `body` on a pooled connection. While the database is down the pool keeps trying to connect, and a request
    /// must fail cleanly rather than wait for it: a request that has no connection after `leaseTimeout`, when no other
    /// request got one meanwhile either, fails as ``StoreUnavailable``. A request queued behind others on a busy but
    /// working database waits on, up to ``busyLeaseLimit`` times as long. Once `body` has its connection it runs to
    /// its end.
    private func withLease<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let race = LeaseRace()
        let (client, leaseTimeout, leases) = (client, leaseTimeout, leases)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    leases.record()
                    guard race.settle(.leased) else {
                        throw StoreUnavailable("PostgreSQL: no connection within \(leaseTimeout)")
                    }
                    return try await body(connection)
                }
            }
            group.addTask {
                for _ in 0..<Self.busyLeaseLimit {
                    try await Task.sleep(for: leaseTimeout)
                    if !leases.any(within: leaseTimeout) { break }
                }
                guard race.settle(.timedOut) else { return nil }
                throw StoreUnavailable("PostgreSQL: no connection within \(leaseTimeout)")
            }
            while let finished = try await group.next() {
                if let result = finished {
                    group.cancelAll()
                    return result
                }
            }
            throw StoreUnavailable("PostgreSQL: the connection was lost")
        }
    }

    /// How many lease timeouts a request waits for a connection while other requests are getting theirs.
    static let busyLeaseLimit = 6

    /// Runs `attempt` until it does not fail for a conflict, at most ``conflictRetries`` more times, waiting a little
    /// longer (and a random part of it) each time; a database that cannot be reached becomes ``StoreUnavailable``.
    static func retrying<Result>(
        logger: Logger,
        _ attempt: () async throws -> Result
    ) async throws -> Result {
        var retries = 0
        while true {
            do {
                return try await attempt()
            } catch let error as PSQLError {
                switch PostgresFailure(error) {
                case .conflict where retries < conflictRetries:
                    retries += 1
                    let ceiling = 5 << min(retries, 6)
                    try await Task.sleep(for: .milliseconds(Int.random(in: ceiling / 2...ceiling)))
                case .conflict:
                    throw StoreUnavailable("PostgreSQL: a conflict persisted after \(retries) retries")
                case .unavailable(let what):
                    logger.warning("the database cannot be reached", metadata: ["error.message": "\(what)"])
                    throw StoreUnavailable("PostgreSQL: \(what)")
                case .other:
                    throw error
                }
            } catch is ConnectionPoolError {
                logger.warning("the database cannot be reached", metadata: ["error.message": "no connection"])
                throw StoreUnavailable("PostgreSQL: no connection can be made")
            }
        }
    }
}

/// What a PostgreSQL error means for the store: a conflict to run again, a database out of reach, or something else
/// (a bug or a damaged database: reported as it is).
enum PostgresFailure: Equatable {
    case conflict
    case unavailable(String)
    case other

    init(_ error: PSQLError) {
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            switch state {
            case "40001", "40P01": self = .conflict
            // Connection exceptions, insufficient resources (too many connections), operator intervention (a
            // shutdown or restart), and a server in recovery that cannot write.
            case _ where ["08", "53", "57"].contains(String(state.prefix(2))), "25006":
                self = .unavailable("the server answered SQLSTATE \(state)")
            default: self = .other
            }
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
            .sslUnsupported, .failedToAddSSLHandler:
            self = .unavailable("\(error.code)")
        default:
            self = .other
        }
    }
}

/// Which came first for one request: its pooled connection, or the end of its wait for one. Settled once.
private final class LeaseRace: Sendable {
    enum Outcome {
        case leased
        case timedOut
    }

    private let outcome = Mutex<Outcome?>(nil)

    /// Settles the race on `outcome` if it is not settled yet; `false` when the other outcome came first.
    func settle(_ outcome: Outcome) -> Bool {
        self.outcome.withLock { settled in
            if settled == nil { settled = outcome }
            return settled == outcome
        }
    }
}

/// When this node's pool last lent a connection: whether the database is working while a request waits.
final class LeaseClock: Sendable {
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    /// Notes a connection lent now.
    func record() {
        last.withLock { $0 = .now }
    }

    /// Whether a connection was lent within `span` of now.
    func any(within span: Duration) -> Bool {
        last.withLock { last in last.map { $0.duration(to: .now) < span } ?? false }
    }
}
