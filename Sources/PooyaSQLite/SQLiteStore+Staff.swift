import GRDB
public import PooyaIssuer

extension SQLiteStore: StaffStore {
    /// Stores a new member with its audit event; `false` when the name is taken.
    public func insert(_ member: StaffMember, event: AuditEvent) async throws -> Bool {
        try await writer.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM staff WHERE name = ?", arguments: [member.name]) == nil
            else { return false }
            try db.execute(
                sql: """
                    INSERT INTO staff (name, role, password_hash, totp_key_id, sealed_totp_seed, totp_enrolled_at,
                        last_totp_step, failed_sign_ins, locked_until, sessions_valid_from, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: Self.arguments(member)
            )
            try SQLiteRows.append(db, events: [event])
            return true
        }
    }

    /// The member with this name.
    public func staffMember(named name: String) async throws -> StaffMember? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM staff WHERE name = ?", arguments: [name]).map(Self.member)
        }
    }

    /// Every member, by name.
    public func staffMembers() async throws -> [StaffMember] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM staff ORDER BY name").map(Self.member) }
    }

    /// Changes the member in one write transaction (SQLite's one writer serialises it), with its audit events.
    public func updateStaffMember<Result: Sendable>(
        named name: String,
        _ change: @escaping @Sendable (inout StaffMember) -> (Result, [AuditEvent])
    ) async throws -> Result? {
        try await writer.write { db in
            guard
                var member = try Row.fetchOne(db, sql: "SELECT * FROM staff WHERE name = ?", arguments: [name])
                    .map(Self.member)
            else { return nil }
            let (result, events) = change(&member)
            try db.execute(
                sql: """
                    UPDATE staff SET name = ?, role = ?, password_hash = ?, totp_key_id = ?, sealed_totp_seed = ?,
                        totp_enrolled_at = ?, last_totp_step = ?, failed_sign_ins = ?, locked_until = ?,
                        sessions_valid_from = ?, created_at = ?
                    WHERE name = ?
                    """,
                arguments: Self.arguments(member) + [name]
            )
            try SQLiteRows.append(db, events: events)
            return result
        }
    }

    private static func arguments(_ member: StaffMember) -> StatementArguments {
        [
            member.name, member.role.rawValue, member.passwordHash, member.sealedTOTPSeed.keyID,
            member.sealedTOTPSeed.combined, member.totpEnrolledAt, member.lastTOTPStep, member.failedSignIns,
            member.lockedUntil, member.sessionsValidFrom, member.createdAt,
        ]
    }

    private static func member(_ row: Row) throws -> StaffMember {
        guard let role = StaffRole(rawValue: row["role"]) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "unknown staff role '\(row["role"] ?? "")'")
        }
        return StaffMember(
            name: row["name"],
            role: role,
            passwordHash: row["password_hash"],
            sealedTOTPSeed: SealedSecret(keyID: row["totp_key_id"], combined: row["sealed_totp_seed"]),
            totpEnrolledAt: row["totp_enrolled_at"],
            lastTOTPStep: row["last_totp_step"],
            failedSignIns: row["failed_sign_ins"],
            lockedUntil: row["locked_until"],
            sessionsValidFrom: row["sessions_valid_from"],
            createdAt: row["created_at"]
        )
    }
}
