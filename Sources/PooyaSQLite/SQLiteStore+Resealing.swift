import Foundation
import GRDB
public import PooyaIssuer

extension SQLiteStore {
    /// Where each kind of sealed secret is kept: its table, id column, key id column and sealed column.
    private static let sealedColumns:
        [(kind: SealedRecord.Kind, table: String, id: String, keyID: String, sealed: String)] =
            [
                (.seed, "tokens", "id", "seed_key_id", "sealed_seed"),
                (.activationKey, "activation_tickets", "serial", "key_id", "sealed_key"),
                (.smsText, "sms_outbox", "id", "text_key_id", "sealed_text"),
                (.staffSeed, "staff", "name", "totp_key_id", "sealed_totp_seed"),
            ]

    /// Up to `limit` sealed secrets whose master key is not `keyID`: seeds first, then tickets' keys, then SMS texts.
    public func sealedRecords(notUnder keyID: UInt32, limit: Int) async throws -> [SealedRecord] {
        try await writer.read { db in
            var records: [SealedRecord] = []
            for place in Self.sealedColumns where records.count < limit {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(place.id), \(place.keyID), \(place.sealed) FROM \(place.table)
                        WHERE \(place.keyID) < ? OR \(place.keyID) > ? LIMIT ?
                        """,
                    arguments: [keyID, keyID, limit - records.count]
                )
                records += rows.map { row in
                    SealedRecord(kind: place.kind, id: row[0], sealed: SealedSecret(keyID: row[1], combined: row[2]))
                }
            }
            return records
        }
    }

    /// Replaces the secret if its row still holds what was read.
    public func replaceSealed(_ record: SealedRecord, with resealed: SealedSecret) async throws -> Bool {
        guard let place = Self.sealedColumns.first(where: { $0.kind == record.kind }) else { return false }
        return try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE \(place.table) SET \(place.keyID) = ?, \(place.sealed) = ?
                    WHERE \(place.id) = ? AND \(place.keyID) = ? AND \(place.sealed) = ?
                    """,
                arguments: [resealed.keyID, resealed.combined, record.id, record.sealed.keyID, record.sealed.combined]
            )
            return db.changesCount == 1
        }
    }

    /// How many secrets are sealed under each master key.
    public func sealedCounts() async throws -> [UInt32: Int] {
        try await writer.read { db in
            var counts: [UInt32: Int] = [:]
            for place in Self.sealedColumns {
                for row in try Row.fetchAll(
                    db,
                    sql: "SELECT \(place.keyID), COUNT(*) FROM \(place.table) GROUP BY \(place.keyID)"
                ) {
                    counts[row[0], default: 0] += row[1] as Int
                }
            }
            return counts
        }
    }
}
