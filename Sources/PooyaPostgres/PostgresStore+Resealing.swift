public import PooyaIssuer
import PostgresNIO

extension PostgresStore {
    /// Where each kind of sealed secret is kept: its table, id column, key id column and sealed column.
    private static let sealedColumns:
        [(kind: SealedRecord.Kind, table: String, id: String, keyID: String, sealed: String)] = [
            (.seed, "tokens", "id", "seed_key_id", "sealed_seed"),
            (.activationKey, "activation_tickets", "serial", "key_id", "sealed_key"),
            (.smsText, "sms_outbox", "id", "text_key_id", "sealed_text"),
            (.staffSeed, "staff", "name", "totp_key_id", "sealed_totp_seed"),
        ]

    /// Up to `limit` sealed secrets whose master key is not `keyID`: seeds first, then tickets' keys, then SMS texts.
    public func sealedRecords(notUnder keyID: UInt32, limit: Int) async throws -> [SealedRecord] {
        try await session { session in
            var records: [SealedRecord] = []
            for place in Self.sealedColumns where records.count < limit {
                let rows = try await session.rows(
                    """
                    SELECT \(unescaped: place.id), \(unescaped: place.keyID), \(unescaped: place.sealed)
                    FROM \(unescaped: place.table)
                    WHERE \(unescaped: place.keyID) < \(Int64(keyID)) OR \(unescaped: place.keyID) > \(Int64(keyID))
                    LIMIT \(limit - records.count)
                    """
                )
                records += try rows.map { row in
                    try PostgresRows.read(row) { column in
                        SealedRecord(kind: place.kind, id: try column.string(), sealed: try column.sealed())
                    }
                }
            }
            return records
        }
    }

    /// Replaces the secret if its row still holds what was read.
    public func replaceSealed(_ record: SealedRecord, with resealed: SealedSecret) async throws -> Bool {
        guard let place = Self.sealedColumns.first(where: { $0.kind == record.kind }) else { return false }
        return try await transaction { session in
            try await session.rows(
                """
                UPDATE \(unescaped: place.table)
                SET \(unescaped: place.keyID) = \(Int64(resealed.keyID)), \(unescaped: place.sealed) = \(resealed.combined)
                WHERE \(unescaped: place.id) = \(record.id) AND \(unescaped: place.keyID) = \(Int64(record.sealed.keyID))
                    AND \(unescaped: place.sealed) = \(record.sealed.combined)
                RETURNING 1
                """
            ).count == 1
        }
    }

    /// How many secrets are sealed under each master key.
    public func sealedCounts() async throws -> [UInt32: Int] {
        try await session { session in
            var counts: [UInt32: Int] = [:]
            for place in Self.sealedColumns {
                let rows = try await session.rows(
                    "SELECT \(unescaped: place.keyID), COUNT(*) FROM \(unescaped: place.table) GROUP BY 1"
                )
                for row in rows {
                    let (keyID, count) = try row.decode((Int64, Int).self)
                    guard let keyID = UInt32(exactly: keyID) else { throw StoredValueCorruption("key id \(keyID)") }
                    counts[keyID, default: 0] += count
                }
            }
            return counts
        }
    }
}
