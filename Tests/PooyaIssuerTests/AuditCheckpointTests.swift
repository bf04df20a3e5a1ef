import Foundation
import GRDB
import PooyaIssuer
import PooyaSQLite
import PooyaTesting
import Testing

/// Signed checkpoints of the audit chains' heads: entries cut off a chain's end before the last checkpoint are found,
/// and a checkpoint that is not the vault's is refused.
struct AuditCheckpointTests {
    /// A bank whose log has a few entries, in a file that can be tampered with.
    private static func bank(in folder: TemporaryFolder) throws -> (IssuerHarness, DatabaseQueue) {
        let path = folder.url.appendingPathComponent("audit.sqlite").path
        return (try IssuerHarness(store: SQLiteStore(path: path)), try DatabaseQueue(path: path))
    }

    @Test func aCheckpointSignsEveryChainsHeadAndVerifies() async throws {
        let folder = try TemporaryFolder()
        let (harness, _) = try Self.bank(in: folder)
        try await harness.registerCard()
        _ = try await harness.provisionedToken()
        let checkpoint = try await harness.issuer.makeAuditCheckpoint()
        #expect(checkpoint.heads.count == 1 && checkpoint.heads[0].sequence == 4, "\(checkpoint.heads)")
        #expect(checkpoint.issuer == "pooya")
        #expect(AuditCheckpoint(token: checkpoint.token) == checkpoint, "the token reads back as it was made")
        #expect(try await harness.store.auditCheckpoints() == [checkpoint])
        #expect(try await harness.issuer.verifyAuditChain() == .intact(entries: 4))
    }

    @Test func entriesCutOffTheEndBeforeACheckpointAreFound() async throws {
        let folder = try TemporaryFolder()
        let (harness, queue) = try Self.bank(in: folder)
        try await harness.registerCard()
        _ = try await harness.provisionedToken()
        let checkpoint = try await harness.issuer.makeAuditCheckpoint()
        // Someone with the file drops the guard and cuts the last two entries off: the chain alone still links.
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_is_append_only_delete; DELETE FROM audit WHERE sequence > 2")
        }
        #expect(
            try await harness.issuer.verifyAuditChain()
                == .broken(
                    sequence: 4,
                    reason: "the checkpoint made at \(checkpoint.madeAt) signed it, but the chain ends before it"
                )
        )
    }

    @Test func aRewrittenLastEntryTheCheckpointSignedIsFound() async throws {
        let folder = try TemporaryFolder()
        let (harness, queue) = try Self.bank(in: folder)
        try await harness.registerCard()
        _ = try await harness.provisionedToken()
        let checkpoint = try await harness.issuer.makeAuditCheckpoint()
        // The last entry rewritten with its link recomputed: the chain alone still links; the checkpoint knows better.
        let entries = try await harness.store.auditEntries(after: 0, limit: 10, card: nil)
        let forged = AuditEntry.chained(
            AuditEvent(.pinUnlocked, card: nil, time: entries[3].event.time),
            after: (entries[2].sequence, entries[2].hash)
        )
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_is_append_only_update")
            try db.execute(
                sql: "UPDATE audit SET action = ?, card_fingerprint = NULL, token_id = NULL, kind = NULL, "
                    + "channel = NULL, reason = NULL, actor = NULL, hash = ? WHERE sequence = 4",
                arguments: [forged.event.action.rawValue, try StoredDigest.bytes(forged.hash)]
            )
        }
        #expect(
            try await harness.issuer.verifyAuditChain()
                == .broken(
                    sequence: 4,
                    reason: "its hash differs from the one the checkpoint made at \(checkpoint.madeAt) signed"
                )
        )
    }

    @Test func aCheckpointNotSignedByTheVaultIsRefused() async throws {
        let folder = try TemporaryFolder()
        let (harness, _) = try Self.bank(in: folder)
        try await harness.registerCard()
        // Another bank's vault signs a checkpoint, and it is slipped into this store.
        let other = try Issuer(store: InMemoryIssuerStore(), vault: try TestKeys.randomVault())
        let foreign = try await other.makeAuditCheckpoint()
        try await harness.store.appendAuditCheckpoint(foreign)
        #expect(
            try await harness.issuer.verifyAuditChain()
                == .broken(sequence: 0, reason: "the checkpoint made at \(foreign.madeAt) is not signed by the vault")
        )
    }

    @Test func aChainOtherThanZeroIsPartOfTheHash() {
        let event = AuditEvent(.pinUnlocked, card: nil, time: 1)
        let zero = AuditEntry.chained(event, after: nil)
        let three = AuditEntry.chained(event, after: nil, chain: 3)
        #expect(zero.hash != three.hash)
        var moved = three
        moved.chain = 4
        #expect(three.hashIsConsistent && !moved.hashIsConsistent, "an entry moved to another chain is found")
        #expect(AuditChains.chain(for: nil, of: 16) == 0)
        let card = CardFingerprint(hex: "2a" + String(repeating: "0", count: 62))
        #expect(AuditChains.chain(for: card, of: 16) == 0x2a % 16)
        #expect(AuditChains.chain(for: card, of: 1) == 0)
    }
}
