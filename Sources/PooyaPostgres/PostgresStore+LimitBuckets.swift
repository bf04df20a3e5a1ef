public import PooyaIssuer
import PostgresNIO
import Synchronization

extension PostgresStore: LimitBuckets {
    /// Takes one request from the shared bucket of `key` in `scope` with `pooya_take` (schema v2), which locks the
    /// bucket's row, so requests through any node are counted exactly; time is the database's clock. Every 1,000th
    /// take on a node also deletes up to 1,000 buckets that have refilled (a key that comes back starts full, as it
    /// would).
    public func take(_ key: String, scope: String, capacity: Int, window: Double) async throws -> Int? {
        let sweep = sweeps.add(1, ordering: .relaxed).newValue % 1_000 == 0
        return try await session { session in
            if sweep {
                try await session.run(
                    """
                    DELETE FROM limit_buckets WHERE ctid IN (SELECT ctid FROM limit_buckets
                        WHERE full_at < extract(epoch FROM clock_timestamp()) LIMIT 1000)
                    """
                )
            }
            let wait =
                try await session.rows(HotStatements.Take.self) { bindings in
                    bindings.append(scope)
                    bindings.append(key)
                    bindings.append(Double(capacity))
                    bindings.append(window)
                }.first?.decode(Double.self) ?? 0
            return wait > 0 ? max(1, Int(wait.rounded(.up))) : nil
        }
    }
}

extension PostgresStore: USSDSessions {
    /// When `session` started, as the first node to see it recorded; sessions older than an hour are deleted now
    /// and then.
    public func start(_ session: String, at now: Int64) async throws -> Int64 {
        let sweep = sweeps.add(1, ordering: .relaxed).newValue % 1_000 == 0
        return try await self.session { connection in
            if sweep { try await connection.run("DELETE FROM ussd_sessions WHERE started_at < \(now - 3600)") }
            return try await connection.row(
                """
                INSERT INTO ussd_sessions (id, started_at) VALUES (\(session), \(now))
                ON CONFLICT (id) DO UPDATE SET id = excluded.id RETURNING started_at
                """
            )?.decode(Int64.self) ?? now
        }
    }
}
