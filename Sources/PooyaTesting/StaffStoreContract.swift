import Foundation
public import PooyaIssuer

/// The promises every ``PooyaIssuer/StaffStore`` keeps, as named checks each adapter's tests run (SQLite, PostgreSQL).
public struct StaffStoreContract: Sendable {
    /// What a check found wrong.
    public struct Violation: Error, CustomStringConvertible {
        /// What was wrong.
        public let description: String
    }

    /// The checks by name, for `@Test(arguments:)`.
    public static let checks: [String: @Sendable (StaffStoreContract) async throws -> Void] = [
        "a member reads back field for field, and a taken name is refused": { try await $0.aMemberReadsBack() },
        "concurrent changes to one member are serialised, each with its audit events": {
            try await $0.concurrentChangesAreSerialised()
        },
        "a change to no member changes nothing": { try await $0.aChangeToNoMemberChangesNothing() },
    ]

    private let makeStore: @Sendable () async throws -> any StaffStore & IssuerStore

    /// A contract for the stores `makeStore` makes, each one new and empty.
    public init(makeStore: @escaping @Sendable () async throws -> any StaffStore & IssuerStore) {
        self.makeStore = makeStore
    }

    /// A member named `name`, every field set.
    public static func sample(_ name: String, role: StaffRole = .helpdesk) -> StaffMember {
        StaffMember(
            name: name,
            role: role,
            passwordHash: "scrypt$1024$8$1$c2FsdA==$aGFzaA==",
            sealedTOTPSeed: SealedSecret(keyID: 3, combined: Data([1, 2, 3, 4])),
            totpEnrolledAt: 100,
            lastTOTPStep: 5_000,
            failedSignIns: 2,
            lockedUntil: 900,
            sessionsValidFrom: 50,
            createdAt: 10
        )
    }

    private static func event(_ name: String, at time: Int64) -> AuditEvent {
        AuditEvent(
            .staffSignInRefused,
            card: nil,
            channel: .admin,
            reason: .staffMember(name, role: .helpdesk),
            time: time,
            actor: .staffMember(name)
        )
    }

    func aMemberReadsBack() async throws {
        let store = try await makeStore()
        let member = Self.sample("sara")
        try expect(try await store.insert(member, event: Self.event("sara", at: 1)), "the first insert was refused")
        try expect(try await store.staffMember(named: "sara") == member, "the member read back differs")
        var other = Self.sample("sara", role: .operator)
        other.passwordHash = "another"
        try expect(!(try await store.insert(other, event: Self.event("sara", at: 2))), "a taken name was accepted")
        try expect(try await store.staffMember(named: "sara") == member, "a refused insert changed the member")
        var second = Self.sample("ali")
        second.totpEnrolledAt = nil
        second.lastTOTPStep = nil
        second.lockedUntil = nil
        _ = try await store.insert(second, event: Self.event("ali", at: 3))
        try expect(try await store.staffMembers() == [second, member], "the members are not listed by name")
        try expect(try await store.staffMember(named: "nobody") == nil, "an unknown name was found")
    }

    func concurrentChangesAreSerialised() async throws {
        let store = try await makeStore()
        var member = Self.sample("sara")
        member.failedSignIns = 0
        _ = try await store.insert(member, event: Self.event("sara", at: 1))
        let before = try await IssuerStoreContract.allAuditEntries(store).count
        try await withThrowingTaskGroup(of: Void.self) { group in
            for time in 0..<20 {
                group.addTask {
                    _ = try await store.updateStaffMember(named: "sara") { member in
                        member.failedSignIns += 1
                        return ((), [Self.event("sara", at: Int64(time))])
                    }
                }
            }
            try await group.waitForAll()
        }
        let failures = try await store.staffMember(named: "sara")?.failedSignIns
        try expect(failures == 20, "20 concurrent changes left \(String(describing: failures)) failures")
        let after = try await IssuerStoreContract.allAuditEntries(store).count
        try expect(after == before + 20, "\(after - before) audit entries for 20 changes")
    }

    func aChangeToNoMemberChangesNothing() async throws {
        let store = try await makeStore()
        let result = try await store.updateStaffMember(named: "nobody") { _ in (1, [Self.event("nobody", at: 1)]) }
        try expect(result == nil, "a change to no member ran")
        try expect(try await IssuerStoreContract.allAuditEntries(store).isEmpty, "a change to no member was audited")
    }

    private func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        guard condition else { throw Violation(description: message()) }
    }
}
