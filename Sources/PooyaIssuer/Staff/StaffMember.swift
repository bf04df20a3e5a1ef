/// A member of the bank's staff who signs in to the console: a password kept only as a memory-hard hash
/// (``StaffPassword``), and a TOTP second factor whose seed is sealed under the master key (context `staff:NAME`) and
/// enrolled at the first sign-in.
public struct StaffMember: Sendable, Hashable {
    /// The name they sign in with: 1–64 letters, digits and `._-@`, as audit entries name them.
    public var name: String
    /// What they may do.
    public var role: StaffRole
    /// The password's hash, in ``StaffPassword``'s format.
    public var passwordHash: String
    /// The TOTP seed, sealed under the master key with context `staff:NAME`.
    public var sealedTOTPSeed: SealedSecret
    /// When the TOTP second factor was enrolled (its first code accepted); `nil` until then.
    public var totpEnrolledAt: Int64?
    /// The last TOTP step accepted, so that no code is accepted twice.
    public var lastTOTPStep: Int64?
    /// Failed sign-ins in a row (a wrong password or code).
    public var failedSignIns: Int
    /// Until when sign-in is refused after too many failures (``SignInLockout``).
    public var lockedUntil: Int64?
    /// Sessions made before this time are over (signing out ends every session of the member).
    public var sessionsValidFrom: Int64
    /// When the account was made.
    public var createdAt: Int64

    /// Collects the fields, as the accounts make a member and a store reads one back.
    public init(
        name: String,
        role: StaffRole,
        passwordHash: String,
        sealedTOTPSeed: SealedSecret,
        totpEnrolledAt: Int64?,
        lastTOTPStep: Int64?,
        failedSignIns: Int,
        lockedUntil: Int64?,
        sessionsValidFrom: Int64,
        createdAt: Int64
    ) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.sealedTOTPSeed = sealedTOTPSeed
        self.totpEnrolledAt = totpEnrolledAt
        self.lastTOTPStep = lastTOTPStep
        self.failedSignIns = failedSignIns
        self.lockedUntil = lockedUntil
        self.sessionsValidFrom = sessionsValidFrom
        self.createdAt = createdAt
    }
}

/// Where staff accounts are kept: in the issuer's database, so every node signs the same people in, counts the same
/// failures and ends the same sessions. Every method is atomic and durable when it returns.
public protocol StaffStore: Sendable {
    /// Adds a member with its audit event.
    ///
    /// - Returns: `false` (and nothing stored) when the name is taken.
    func insert(_ member: StaffMember, event: AuditEvent) async throws -> Bool

    /// The member with this name.
    func staffMember(named name: String) async throws -> StaffMember?

    /// Every member, by name.
    func staffMembers() async throws -> [StaffMember]

    /// Runs `change` on the member's stored record while no other change to it can run or commit, and saves the
    /// record it leaves with the audit events it returns, atomically.
    ///
    /// - Returns: what `change` returned; `nil` when no member has this name.
    func updateStaffMember<Result: Sendable>(
        named name: String,
        _ change: @escaping @Sendable (inout StaffMember) -> (Result, [AuditEvent])
    ) async throws -> Result?
}
