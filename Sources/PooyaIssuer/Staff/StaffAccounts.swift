import Foundation
public import OneTimePassword

/// The console's accounts: making them, signing members in with a password and a TOTP code, and their sessions. A
/// password is kept only as its hash (``StaffPassword``), a TOTP seed only sealed; sign-in failures lock
/// (``SignInLockout``); every account made, sign-in, refusal, lock and sign-out is audited.
public struct StaffAccounts: Sendable {
    let store: any StaffStore
    let vault: any KeyVault
    let clock: any WallClock
    let random: any RandomSource
    let password: StaffPassword

    /// A session ends after this many seconds without a request.
    public static let idleTimeout: Int64 = 15 * 60
    /// A session ends this many seconds after sign-in, however busy.
    public static let sessionLifetime: Int64 = 12 * 3600
    /// Seconds between a right password and the code that must follow it.
    public static let codeStepTimeout: Int64 = 5 * 60
    /// The issuer name authenticator apps show beside the account.
    public static let totpIssuer = "Pooya"

    /// The accounts over their ports; `password` sets scrypt's cost (cheaper in tests only).
    public init(
        store: any StaffStore,
        vault: any KeyVault,
        clock: any WallClock = SystemClock(),
        random: any RandomSource = SystemRandomSource(),
        password: StaffPassword = StaffPassword()
    ) {
        self.store = store
        self.vault = vault
        self.clock = clock
        self.random = random
        self.password = password
    }

    /// Makes an account for `name` with `role` and a random first password (16 letters and digits, none that look
    /// alike), shown only now; the member enrolls their TOTP second factor at the first sign-in. The audit entry names
    /// ``AuditActor/current``.
    ///
    /// - Throws: ``IssuerError/invalidRequest(_:)`` for a name that is not 1–64 letters, digits and `._-@`, or taken.
    public func create(name: String, role: StaffRole) async throws -> (member: StaffMember, password: String) {
        guard !name.isEmpty, AuditActor.staffMember(name) == .staff(name: name) else {
            throw IssuerError.invalidRequest("a staff name is 1 to 64 letters, digits and . _ - @")
        }
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789")
        var generator = RandomSourceGenerator(source: random)
        let first = String((0..<16).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
        let now = clock.now()
        let seed = random.bytes(20)
        let member = StaffMember(
            name: name,
            role: role,
            passwordHash: try password.hash(first, salt: random.bytes(16)),
            sealedTOTPSeed: try sealSeed(seed, name: name),
            totpEnrolledAt: nil,
            lastTOTPStep: nil,
            failedSignIns: 0,
            lockedUntil: nil,
            sessionsValidFrom: now,
            createdAt: now
        )
        let event = AuditEvent(
            .staffCreated,
            card: nil,
            channel: .admin,
            reason: .staffMember(name, role: role),
            time: now,
            actor: AuditActor.current
        )
        guard try await store.insert(member, event: event) else {
            throw IssuerError.invalidRequest("a staff member named \(name) exists")
        }
        return (member, first)
    }

    /// Every member, by name.
    public func list() async throws -> [StaffMember] { try await store.staffMembers() }

    /// The member with this name.
    public func member(named name: String) async throws -> StaffMember? { try await store.staffMember(named: name) }

    /// What a sign-in's first step found.
    public enum PasswordCheck: Sendable, Hashable {
        /// The password is right: the member must now give a TOTP code (or enroll, ``StaffMember/totpEnrolledAt``
        /// `nil`) within ``StaffAccounts/codeStepTimeout``.
        case accepted(StaffMember)
        /// Unknown name or wrong password: one answer for both.
        case refused
        /// Too many failures: no try counts until then (Unix seconds).
        case locked(until: Int64)
    }

    /// Checks `name`'s password; a wrong one counts towards the lock. An unknown name costs the same time as a known
    /// one and gets the same answer as a wrong password.
    public func checkPassword(name: String, password typed: String) async throws -> PasswordCheck {
        let now = clock.now()
        guard let stored = try await store.staffMember(named: name) else {
            _ = await password.verify(typed, against: decoyHash)
            return .refused
        }
        if SignInLockout.isLocked(stored, now: now) { return .locked(until: stored.lockedUntil ?? now) }
        let right = await password.verify(typed, against: stored.passwordHash)
        return try await store.updateStaffMember(named: name) { member in
            guard !right else { return (.accepted(member), []) }
            return Self.failure(&member, now: now)
        } ?? .refused
    }

    /// The `otpauth://` URI of `member`'s TOTP seed, for the enrollment's QR code: shown only before it is enrolled.
    ///
    /// - Throws: ``IssuerError/invalidRequest(_:)`` once it is enrolled.
    public func enrollment(of member: StaffMember) throws -> OTPAuthURI {
        guard member.totpEnrolledAt == nil else { throw IssuerError.invalidRequest("the second factor is enrolled") }
        return try OTPAuthURI(
            kind: .totp(period: 30),
            accountName: member.name,
            issuer: Self.totpIssuer,
            secret: try openSeed(member),
            digits: 6
        )
    }

    /// What a sign-in's second step found.
    public enum CodeCheck: Sendable, Hashable {
        /// Signed in: the session to keep in the member's cookie.
        case signedIn(StaffSession)
        /// A wrong, used or late code; it counts towards the lock.
        case refused
        /// Too many failures, until then (Unix seconds).
        case locked(until: Int64)
    }

    /// Checks the TOTP code `name` typed after their password (its step and the one before, never a step accepted
    /// before); a first right code enrolls the factor. A wrong one counts towards the lock.
    public func checkCode(name: String, code typed: String) async throws -> CodeCheck {
        let now = clock.now()
        guard let stored = try await store.staffMember(named: name) else { return .refused }
        if SignInLockout.isLocked(stored, now: now) { return .locked(until: stored.lockedUntil ?? now) }
        let totp = try TOTP(secret: try openSeed(stored), digits: 6, period: 30)
        let digits = DecimalDigits.latin(typed.filter { !$0.isWhitespace }) ?? ""
        let csrf = Hex.encode(random.bytes(16))
        return try await store.updateStaffMember(named: name) { member in
            let step = try? totp.matchingStep(
                for: digits,
                at: now,
                window: StepWindow(behind: 1, ahead: 0),
                lastAcceptedStep: member.lastTOTPStep.map { UInt64($0) }
            )
            guard digits.count == 6, let step else {
                let (outcome, events) = Self.failure(&member, now: now)
                return (outcome == .refused ? .refused : .locked(until: member.lockedUntil ?? now), events)
            }
            member.lastTOTPStep = Int64(step)
            member.totpEnrolledAt = member.totpEnrolledAt ?? now
            SignInLockout.succeed(&member)
            let session = StaffSession(
                name: member.name,
                role: member.role,
                issuedAt: now,
                lastSeenAt: now,
                csrf: csrf
            )
            return (.signedIn(session), [Self.event(.staffSignedIn, member, now: now)])
        } ?? .refused
    }

    /// The session `cookie` holds, renewed to now, while it is valid: within ``idleTimeout`` of its last request and
    /// ``sessionLifetime`` of its sign-in, its member still there, not locked and not signed out since, with their
    /// role as stored now.
    public func session(cookie: String) async throws -> StaffSession? {
        guard
            let session = try SealedToken.open(
                cookie,
                as: StaffSession.self,
                context: "staff-session",
                vault: vault,
                maximumLength: 1024
            )
        else { return nil }
        let now = clock.now()
        guard now - session.lastSeenAt <= Self.idleTimeout, now - session.issuedAt <= Self.sessionLifetime,
            let member = try await store.staffMember(named: session.name),
            !SignInLockout.isLocked(member, now: now), session.issuedAt >= member.sessionsValidFrom
        else { return nil }
        var renewed = session
        renewed.lastSeenAt = now
        renewed.role = member.role
        return renewed
    }

    /// The cookie's value for `session`: a ``SealedToken`` (context `staff-session`), so no one can make or change
    /// one, and any node opens it.
    public func cookie(for session: StaffSession) throws -> String {
        try SealedToken.seal(session, context: "staff-session", vault: vault)
    }

    /// The ticket a right password earns, for the sign-in's second step: a ``SealedToken`` (context
    /// `staff-password`) of the member's name and the time, good for ``codeStepTimeout``.
    public func passwordTicket(for member: StaffMember) throws -> String {
        try SealedToken.seal(
            PasswordTicket(name: member.name, at: clock.now()),
            context: "staff-password",
            vault: vault
        )
    }

    /// The name a password ticket was made for, while it is fresh; `nil` for any other text.
    public func name(behindTicket ticket: String) throws -> String? {
        guard
            let opened = try SealedToken.open(ticket, as: PasswordTicket.self, context: "staff-password", vault: vault),
            clock.now() - opened.at <= Self.codeStepTimeout
        else { return nil }
        return opened.name
    }

    /// Ends every session of `session`'s member (all their browsers), audited.
    public func signOut(_ session: StaffSession) async throws {
        let now = clock.now()
        _ = try await store.updateStaffMember(named: session.name) { member in
            member.sessionsValidFrom = now + 1
            return ((), [Self.event(.staffSignedOut, member, now: now)])
        }
    }

    private func sealSeed(_ seed: [UInt8], name: String) throws(IssuerError) -> SealedSecret {
        do { return try vault.seal(seed, context: "staff:\(name)") } catch { throw .keyVault(error) }
    }

    private func openSeed(_ member: StaffMember) throws(IssuerError) -> [UInt8] {
        do { return try vault.open(member.sealedTOTPSeed, context: "staff:\(member.name)") } catch {
            throw .keyVault(error)
        }
    }

    /// Counts a failed sign-in of `member`: refused, or locked when it was one too many.
    private static func failure(_ member: inout StaffMember, now: Int64) -> (PasswordCheck, [AuditEvent]) {
        let refused = event(.staffSignInRefused, member, now: now)
        guard SignInLockout.fail(&member, now: now) else { return (.refused, [refused]) }
        return (.locked(until: member.lockedUntil ?? now), [refused, event(.staffLocked, member, now: now)])
    }

    private static func event(_ action: AuditEvent.Action, _ member: StaffMember, now: Int64) -> AuditEvent {
        AuditEvent(
            action,
            card: nil,
            channel: .admin,
            reason: .staffMember(member.name, role: member.role),
            time: now,
            actor: .staffMember(member.name)
        )
    }

    /// A hash no password matches, at this cost, checked for unknown names so that they take as long as known ones.
    private var decoyHash: String {
        "scrypt$\(password.cost)$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    }
}

/// What a right password earns for the second step: who, and when.
private struct PasswordTicket: Codable {
    var name: String
    var at: Int64
}

/// A member's signed-in session, as their cookie carries it (sealed): who, with what role, since when, when last
/// seen, and the token every form of the console must send back (CSRF).
public struct StaffSession: Sendable, Hashable, Codable {
    /// The member's name.
    public var name: String
    /// Their role, as stored when the session was last checked.
    public var role: StaffRole
    /// When they signed in (Unix seconds).
    public var issuedAt: Int64
    /// When the session last served a request.
    public var lastSeenAt: Int64
    /// The anti-forgery token of this session's forms.
    public var csrf: String

    /// Whether `token` (a form's) is this session's anti-forgery token, compared in constant time.
    public func allows(csrf token: String) -> Bool {
        ConstantTime.equals(Array(token.utf8), Array(csrf.utf8))
    }
}
