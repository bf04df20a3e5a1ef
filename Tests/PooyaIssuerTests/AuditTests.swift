import Foundation
import GRDB
import OneTimePassword
import PooyaIssuer
import PooyaProtocol
import PooyaSQLite
import PooyaTesting
import Testing

struct AuditTests {
    @Test func everyStateChangeAndDecisionLeavesAnEntry() async throws {
        let harness = try IssuerHarness()
        let card = try await harness.registerCard()
        let token = try await harness.provisionedToken()
        _ = try await harness.verify(harness.code(token))
        _ = try await harness.verify(try harness.wrongCode(token))
        try await harness.issuer.revokeToken(token.parameters.tokenID)
        let actions = try await harness.issuer.auditTrail(cardID: card.id).map(\.event.action)
        #expect(
            actions == [
                .cardRegistered, .activationStarted, .tokenProvisioned, .staticPINDisabled,
                .verificationApproved, .verificationRejected, .tokenRevoked,
            ]
        )
        #expect(try await harness.issuer.verifyAuditChain() == .intact(entries: 7))
    }

    @Test func theLogRefusesUpdatesAndDeletes() async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("audit.sqlite").path
        let harness = try IssuerHarness(store: SQLiteStore(path: path))
        try await harness.registerCard()
        let queue = try DatabaseQueue(path: path)
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE audit SET reason = 'x'") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM audit") } }
    }

    @Test(arguments: [
        ("UPDATE audit SET reason = 'edited' WHERE sequence = 3", Int64(3), "its hash does not match its contents"),
        ("DELETE FROM audit WHERE sequence = 4", 4, "entry 4 is missing"),
        (
            "UPDATE audit SET time = time + 1, hash = 'forged' WHERE sequence = 2", 2,
            "its hash does not match its contents"
        ),
    ])
    func tamperingWithTheFileIsFoundAtTheFirstBrokenLink(sql: String, sequence: Int64, reason: String) async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("audit.sqlite").path
        let harness = try IssuerHarness(store: SQLiteStore(path: path))
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        _ = try await harness.verify(harness.code(token))
        // Someone with the file drops the guards and edits it.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_is_append_only_update; DROP TRIGGER audit_is_append_only_delete")
            try db.execute(sql: sql)
        }
        #expect(try await harness.issuer.verifyAuditChain() == .broken(sequence: sequence, reason: reason))
    }

    @Test func eachEntryNamesTheClientKeyOrStaffMemberThatActed() async throws {
        let harness = try IssuerHarness()
        let card = try await AuditActor.$current.withValue(.staff(name: "alice")) { try await harness.registerCard() }
        let token = try await harness.provisionedToken()  // the cardholder's handshake: no key, no actor
        _ = try await AuditActor.$current.withValue(.clientKey(id: "key_switch")) {
            try await harness.verify(harness.code(token))
        }
        let entries = try await harness.issuer.auditTrail(cardID: card.id)
        let actors = Dictionary(
            entries.map { ($0.event.action, $0.event.actor) },
            uniquingKeysWith: { first, _ in first }
        )
        #expect(actors[.cardRegistered] == .staff(name: "alice"))
        #expect(actors[.tokenProvisioned] == .some(nil))
        #expect(actors[.verificationApproved] == .clientKey(id: "key_switch"))
        #expect(try await harness.issuer.verifyAuditChain() == .intact(entries: Int64(entries.count)))
    }

    @Test func anEntryWithoutAnActorKeepsTheHashItHadBeforeActorsWereNamed() {
        // Computed independently (SHA-256 over the length-prefixed fields, as entries were chained before).
        let event = AuditEvent(
            .cardRegistered,
            card: CardFingerprint(hex: String(repeating: "ab", count: 32)),
            channel: .api,
            time: 1_742_558_400
        )
        #expect(
            AuditEntry.chained(event, after: nil).hash
                == "dd2a779a611dad23a5db126dcff2889afe2db3f5f3fd15a614ce7c4bf659df83"
        )
        var named = event
        named.actor = .clientKey(id: "key_0123456789abcdef")
        #expect(
            AuditEntry.chained(named, after: nil).hash
                == "41e6777c578bc53448cbd3486f65618127ee4efa980dc021265a8e156a8993c5"
        )
        #expect(
            AuditEntry.chained(named, after: nil, chain: 3).hash
                == "aa929e0b68a048ea07b2dfd46479a31530e65bbcdba5ffa4494fdb9ac48a7e5c",
            "a chain other than 0 is named last"
        )
    }

    @Test(arguments: [
        ("UPDATE audit SET actor = 'staff:mallory' WHERE sequence = 1", Int64(1)),
        ("UPDATE audit SET actor = NULL WHERE sequence = 1", 1),
        ("UPDATE audit SET actor = 'key:key_switch' WHERE sequence = 2", 2),
    ])
    func changingWhoActedIsFound(sql: String, sequence: Int64) async throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("audit.sqlite").path
        let harness = try IssuerHarness(store: SQLiteStore(path: path))
        try await AuditActor.$current.withValue(.staff(name: "alice")) { _ = try await harness.registerCard() }
        _ = try await harness.provisionedToken()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_is_append_only_update")
            try db.execute(sql: sql)
        }
        #expect(
            try await harness.issuer.verifyAuditChain()
                == .broken(sequence: sequence, reason: "its hash does not match its contents")
        )
    }

    @Test func aStaffMembersNameCannotForgeAnotherField() {
        #expect(AuditActor.staffMember("alice\nkey:key_x|hash") == .staff(name: "alicekeykey_xhash"))
        #expect(AuditActor.staffMember("مریم.رضایی") == .staff(name: "مریم.رضایی"))
        #expect(AuditActor.staffMember("\u{0}") == .staff(name: "unknown"))
        #expect(AuditActor(rawValue: AuditActor.clientKey(id: "key_1").rawValue) == .clientKey(id: "key_1"))
        #expect(AuditActor(rawValue: "someone") == nil)
    }
}
