import GRDB
public import PooyaIssuer

extension SQLiteStore: ClientKeyStore {
    /// Stores a new client key with its audit event.
    public func insert(_ key: ClientKey, event: AuditEvent) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO client_keys (id, name, scopes, secret_digest, created_at, revoked_at, webotp_hosts)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key.id, key.name, key.scopes.sorted().map(\.rawValue).joined(separator: ","),
                    key.secretDigest, key.createdAt, key.revokedAt,
                    key.webOTPHosts.sorted().map(\.name).joined(separator: ","),
                ]
            )
            try SQLiteRows.append(db, events: [event])
        }
    }

    /// The key whose secret has this digest.
    public func clientKey(secretDigest: String) async throws -> ClientKey? {
        try await writer.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM client_keys WHERE secret_digest = ?"),
                arguments: [secretDigest]
            ).map(Self.clientKey)
        }
    }

    /// Every key, revoked ones included, oldest first.
    public func clientKeys() async throws -> [ClientKey] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM client_keys ORDER BY created_at, id").map(Self.clientKey)
        }
    }

    /// Revokes a valid key, with its audit event; `false` when no valid key has the id.
    public func revokeClientKey(id: String, at time: Int64, event: AuditEvent) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE client_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [time, id]
            )
            guard db.changesCount == 1 else { return false }
            try SQLiteRows.append(db, events: [event])
            return true
        }
    }

    private static func clientKey(_ row: Row) throws -> ClientKey {
        let names = (row["scopes"] as String).split(separator: ",")
        let scopes = Set(names.compactMap { ClientScope(rawValue: String($0)) })
        guard scopes.count == names.count else {
            throw DatabaseError(
                resultCode: .SQLITE_CORRUPT,
                message: "unknown client scope in '\(row["scopes"] ?? "")'"
            )
        }
        let hosts = try (row["webotp_hosts"] as String).split(separator: ",").map { host in
            try WebOTPHost(String(host), field: "a stored WebOTP host")
        }
        return ClientKey(
            id: row["id"],
            name: row["name"],
            scopes: scopes,
            secretDigest: row["secret_digest"],
            createdAt: row["created_at"],
            revokedAt: row["revoked_at"],
            webOTPHosts: Set(hosts)
        )
    }
}
