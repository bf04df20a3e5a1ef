public import PooyaIssuer
import PostgresNIO

extension PostgresStore: ClientKeyStore {
    /// Stores a new client key with its audit event.
    public func insert(_ key: ClientKey, event: AuditEvent) async throws {
        try await transaction { session in
            try await session.run(
                """
                INSERT INTO client_keys (id, name, scopes, secret_digest, created_at, revoked_at, webotp_hosts)
                VALUES (\(key.id), \(key.name), \(key.scopes.sorted().map(\.rawValue).joined(separator: ",")),
                    \(key.secretDigest), \(key.createdAt), \(key.revokedAt),
                    \(key.webOTPHosts.sorted().map(\.name).joined(separator: ",")))
                """
            )
            try await PostgresRows.append(session, events: [event])
        }
    }

    /// The key whose secret has this digest.
    public func clientKey(secretDigest: String) async throws -> ClientKey? {
        try await session { session in
            try await session.row(
                "SELECT \(unescaped: Self.clientKeyColumns) FROM client_keys WHERE secret_digest = \(secretDigest)"
            ).map(Self.clientKey)
        }
    }

    /// Every key, revoked ones included, oldest first.
    public func clientKeys() async throws -> [ClientKey] {
        try await session { session in
            try await session.rows(
                "SELECT \(unescaped: Self.clientKeyColumns) FROM client_keys ORDER BY created_at, id"
            )
            .map(Self.clientKey)
        }
    }

    /// Revokes a valid key, with its audit event; `false` when no valid key has the id.
    public func revokeClientKey(id: String, at time: Int64, event: AuditEvent) async throws -> Bool {
        try await transaction { session in
            let revoked = try await session.rows(
                "UPDATE client_keys SET revoked_at = \(time) WHERE id = \(id) AND revoked_at IS NULL RETURNING id"
            )
            guard revoked.count == 1 else { return false }
            try await PostgresRows.append(session, events: [event])
            return true
        }
    }

    private static let clientKeyColumns = "id, name, scopes, secret_digest, created_at, revoked_at, webotp_hosts"

    private static func clientKey(_ row: PostgresRow) throws -> ClientKey {
        var column = PostgresColumns(row)
        let id = try column.string()
        let name = try column.string()
        let scopeNames = try column.string().split(separator: ",")
        let scopes = Set(scopeNames.compactMap { ClientScope(rawValue: String($0)) })
        guard scopes.count == scopeNames.count else { throw StoredValueCorruption("unknown client scope") }
        let secretDigest = try column.string()
        let createdAt = try column.int64()
        let revokedAt = try column.optionalInt64()
        let hosts = try column.string().split(separator: ",").map { host in
            try WebOTPHost(String(host), field: "a stored WebOTP host")
        }
        return ClientKey(
            id: id,
            name: name,
            scopes: scopes,
            secretDigest: secretDigest,
            createdAt: createdAt,
            revokedAt: revokedAt,
            webOTPHosts: Set(hosts)
        )
    }
}
