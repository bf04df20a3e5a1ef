import Crypto
import Foundation
import PooyaIssuer
import PooyaKeyVault
import PooyaProtocol
import PooyaSQLite
import PooyaTesting
import Testing

/// Rotating the master key, then sealing every stored secret again: nothing needs the old key afterwards.
struct ResealTests {
    @Test func afterResealingEverySecretOpensWithTheNewestKeyAloneAndTheBatchesAreAudited() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        _ = try await harness.activate()  // an open ticket, and its SMS in the outbox, under key 1
        #expect(try await harness.issuer.sealedSecretCounts() == [1: 5])

        let oldKey = SymmetricKey(data: [UInt8](repeating: 1, count: 32))
        let newKey = SymmetricKey(size: .bits256)
        let fingerprintKey = SymmetricKey(data: [UInt8](repeating: 2, count: 32))
        let receiptKey = try ReceiptSigningKey(rawRepresentation: Data(repeating: 3, count: 32), retiredAt: nil)
        let rotated = try MasterKeyRing(
            masterKeys: [1: oldKey, 2: newKey],
            currentKeyID: 2,
            fingerprintKey: fingerprintKey,
            receiptKeys: [receiptKey]
        )
        let issuer = try Issuer(store: harness.store, vault: rotated, clock: harness.clock)
        var batches: [Issuer.ResealBatch] = []
        while true {
            let batch = try await issuer.resealBatch(limit: 2)
            batches.append(batch)
            if batch.resealed == 0 { break }
        }
        #expect(batches.map(\.resealed) == [2, 2, 1, 0] && batches.allSatisfy { $0.unopened == 0 })
        #expect(try await issuer.sealedSecretCounts() == [2: 5])

        // Key 1 gone: the token's code still verifies, so its seed opens under key 2.
        let newestOnly = try MasterKeyRing(
            masterKeys: [2: newKey],
            currentKeyID: 2,
            fingerprintKey: fingerprintKey,
            receiptKeys: [receiptKey]
        )
        let after = try Issuer(store: harness.store, vault: newestOnly, clock: harness.clock)
        let request = VerificationRequest(
            card: try after.reference(to: try PAN(parsing: IssuerHarness.pan)),
            pin: .dynamicCode(PresentedCode(typed: try harness.code(token))),
            kind: .second,
            amount: 1_000,
            merchantID: "m",
            transactionID: "after-reseal"
        )
        #expect(try await after.verify(request).decision == .approved)
        let audited = try await harness.store.auditEntries(after: 0, limit: 100, card: nil)
            .filter { $0.event.action == .secretsResealed }.map { $0.event.reason?.rawValue }
        #expect(
            audited == ["2 secrets under master key 2", "2 secrets under master key 2", "1 secrets under master key 2"]
        )
    }

    @Test func aSecretWhoseKeyIsGoneIsCountedAndLeftAsItIs() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        _ = try await harness.provisionedToken()
        let stranger = try MasterKeyRing(
            masterKeys: [7: SymmetricKey(size: .bits256)],
            currentKeyID: 7,
            fingerprintKey: SymmetricKey(size: .bits256),
            receiptKeys: [TestKeys.randomReceiptKey()]
        )
        let issuer = try Issuer(store: harness.store, vault: stranger, clock: harness.clock)
        let batch = try await issuer.resealBatch(limit: 100)
        #expect(batch.resealed == 0 && batch.unopened > 0)
        #expect(try await issuer.sealedSecretCounts() == [1: batch.unopened])
    }
}
