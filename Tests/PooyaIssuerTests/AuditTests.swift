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
}
