public import PooyaIssuer
import PostgresNIO

extension PostgresStore: StaffStore {
    /// Stores a new member with its audit event; `false` when the name is taken.
    public func insert(_ member: StaffMember, event: AuditEvent) async throws -> Bool {
        try await transaction { session in
            let inserted = try await session.rows(
                """
                INSERT INTO staff (name, role, password_hash, totp_key_id, sealed_totp_seed, totp_enrolled_at,
                    last_totp_step, failed_sign_ins, locked_until, sessions_valid_from, created_at)
                VALUES (\(member.name), \(member.role.rawValue), \(member.passwordHash),
                    \(Int64(member.sealedTOTPSeed.keyID)), \(member.sealedTOTPSeed.combined),
                    \(member.totpEnrolledAt), \(member.lastTOTPStep), \(member.failedSignIns), \(member.lockedUntil),
                    \(member.sessionsValidFrom), \(member.createdAt))
                ON CONFLICT (name) DO NOTHING RETURNING name
                """
            )
            guard inserted.count == 1 else { return false }
            try await PostgresRows.append(session, events: [event])
            return true
        }
    }

    /// The member with this name.
    public func staffMember(named name: String) async throws -> StaffMember? {
        try await session { session in
            try await session.row("SELECT \(unescaped: Self.staffColumns) FROM staff WHERE name = \(name)")
                .map(Self.member)
        }
    }

    /// Every member, by name.
    public func staffMembers() async throws -> [StaffMember] {
        try await session { session in
            try await session.rows("SELECT \(unescaped: Self.staffColumns) FROM staff ORDER BY name").map(Self.member)
        }
    }

    /// Changes the member with its row locked (`FOR UPDATE`) until the transaction commits, with its audit events.
    public func updateStaffMember<Result: Sendable>(
        named name: String,
        _ change: @escaping @Sendable (inout StaffMember) -> (Result, [AuditEvent])
    ) async throws -> Result? {
        try await transaction { session in
            guard
                var member = try await session.row(
                    "SELECT \(unescaped: Self.staffColumns) FROM staff WHERE name = \(name) FOR UPDATE"
                ).map(Self.member)
            else { return nil }
            let (result, events) = change(&member)
            try await session.run(
                """
                UPDATE staff SET role = \(member.role.rawValue), password_hash = \(member.passwordHash),
                    totp_key_id = \(Int64(member.sealedTOTPSeed.keyID)),
                    sealed_totp_seed = \(member.sealedTOTPSeed.combined), totp_enrolled_at = \(member.totpEnrolledAt),
                    last_totp_step = \(member.lastTOTPStep), failed_sign_ins = \(member.failedSignIns),
                    locked_until = \(member.lockedUntil), sessions_valid_from = \(member.sessionsValidFrom)
                WHERE name = \(name)
                """
            )
            try await PostgresRows.append(session, events: events)
            return result
        }
    }

    private static let staffColumns = """
        name, role, password_hash, totp_key_id, sealed_totp_seed, totp_enrolled_at, last_totp_step, failed_sign_ins,
        locked_until, sessions_valid_from, created_at
        """

    private static func member(_ row: PostgresRow) throws -> StaffMember {
        var column = PostgresColumns(row)
        let name = try column.string()
        guard let role = StaffRole(rawValue: try column.string()) else {
            throw StoredValueCorruption("unknown staff role")
        }
        return StaffMember(
            name: name,
            role: role,
            passwordHash: try column.string(),
            sealedTOTPSeed: try column.sealed(),
            totpEnrolledAt: try column.optionalInt64(),
            lastTOTPStep: try column.optionalInt64(),
            failedSignIns: Int(try column.int64()),
            lockedUntil: try column.optionalInt64(),
            sessionsValidFrom: try column.int64(),
            createdAt: try column.int64()
        )
    }
}
