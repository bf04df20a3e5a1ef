import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaSQLite
import PooyaTesting
import Testing

/// Staff accounts without HTTP: the password kept only as a memory-hard hash, the TOTP second factor, the lock after
/// failed sign-ins, and sessions that cannot be forged and end.
struct StaffAccountsTests {
    let clock = ManualClock()
    let store: SQLiteStore
    let accounts: StaffAccounts

    init() throws {
        store = try SQLiteStore.inMemory()
        accounts = StaffAccounts(
            store: store,
            vault: try TestKeys.randomVault(),
            clock: clock,
            password: StaffPassword(cost: 1 << 10)
        )
    }

    func code(_ member: StaffMember, offset: Int64 = 0) throws -> String {
        let secret = try accounts.enrollment(of: member).secret
        return try TOTP(secret: secret, digits: 6, period: 30).code(at: clock.now() + offset)
    }

    @Test func thePasswordIsKeptOnlyAsAScryptHashThatChecksInConstantTime() async throws {
        let (member, password) = try await accounts.create(name: "sara", role: .helpdesk)
        #expect(password.count == 16 && !member.passwordHash.contains(password))
        #expect(member.passwordHash.hasPrefix("scrypt$1024$8$1$"))
        guard case .accepted = try await accounts.checkPassword(name: "sara", password: password) else {
            Issue.record("the right password was refused")
            return
        }
        #expect(try await accounts.checkPassword(name: "sara", password: password + "x") == .refused)
        #expect(try await accounts.checkPassword(name: "nobody", password: password) == .refused)
    }

    @Test func aNameThatCouldForgeAnAuditFieldOrIsTakenIsRefused() async throws {
        for name in ["", "a b", "x\ny", "ali:admin", String(repeating: "a", count: 65)] {
            await #expect(throws: IssuerError.self) { try await accounts.create(name: name, role: .auditor) }
        }
        _ = try await accounts.create(name: "sara", role: .auditor)
        await #expect(throws: IssuerError.self) { try await accounts.create(name: "sara", role: .operator) }
    }

    @Test func theFirstRightCodeEnrollsTheFactorAndACodeIsNeverAcceptedTwice() async throws {
        let (member, _) = try await accounts.create(name: "sara", role: .helpdesk)
        let first = try code(member)
        guard case .signedIn(let session) = try await accounts.checkCode(name: "sara", code: first) else {
            Issue.record("the first code was refused")
            return
        }
        #expect(session.role == .helpdesk && session.name == "sara")
        let enrolled = try #require(try await accounts.member(named: "sara"))
        #expect(enrolled.totpEnrolledAt == clock.now())
        #expect(throws: IssuerError.self) { try accounts.enrollment(of: enrolled) }
        #expect(try await accounts.checkCode(name: "sara", code: first) == .refused)
        clock.advance(by: 30)
        #expect(try await accounts.checkCode(name: "sara", code: try code(member)) != .refused)
    }

    @Test func fiveFailuresInARowLockForFifteenMinutesWhateverIsTyped() async throws {
        let (member, password) = try await accounts.create(name: "sara", role: .helpdesk)
        for _ in 0..<4 { #expect(try await accounts.checkPassword(name: "sara", password: "wrong") == .refused) }
        #expect(try await accounts.checkCode(name: "sara", code: "000000") == .locked(until: clock.now() + 900))
        #expect(try await accounts.checkPassword(name: "sara", password: password) == .locked(until: clock.now() + 900))
        #expect(try await accounts.checkCode(name: "sara", code: try code(member)) == .locked(until: clock.now() + 900))
        clock.advance(by: 901)
        guard case .accepted = try await accounts.checkPassword(name: "sara", password: password) else {
            Issue.record("the lock outlived its 15 minutes")
            return
        }
        let actions = try await IssuerStoreContract.allAuditEntries(store).map(\.event.action)
        #expect(actions.filter { $0 == .staffSignInRefused }.count == 5 && actions.contains(.staffLocked))
    }

    @Test func aSessionCookieCannotBeForgedAndEndsWhenIdleOldOrSignedOut() async throws {
        let (member, _) = try await accounts.create(name: "sara", role: .helpdesk)
        guard case .signedIn(let session) = try await accounts.checkCode(name: "sara", code: try code(member)) else {
            Issue.record("sign-in failed")
            return
        }
        let cookie = try accounts.cookie(for: session)
        #expect(try await accounts.session(cookie: cookie)?.name == "sara")
        // One character changed in the middle (the last may carry only padding bits, which decode the same).
        var forged = Array(cookie)
        forged[20] = forged[20] == "A" ? "B" : "A"
        #expect(try await accounts.session(cookie: String(forged)) == nil)
        #expect(try await accounts.session(cookie: "not a cookie") == nil)
        clock.advance(by: StaffAccounts.idleTimeout + 1)
        #expect(try await accounts.session(cookie: cookie) == nil, "an idle session lived on")

        var busy = session
        busy.lastSeenAt = clock.now()
        busy.issuedAt = clock.now() - StaffAccounts.sessionLifetime - 1
        #expect(try await accounts.session(cookie: try accounts.cookie(for: busy)) == nil, "an old session lived on")

        var fresh = session
        fresh.issuedAt = clock.now()
        fresh.lastSeenAt = clock.now()
        let live = try accounts.cookie(for: fresh)
        #expect(try await accounts.session(cookie: live) != nil)
        try await accounts.signOut(fresh)
        #expect(try await accounts.session(cookie: live) == nil, "a session outlived sign-out")
    }
}
