import Crypto
import Foundation
import PooyaIssuer
import PooyaPKCS11
import PooyaTesting
import Testing

/// Keys rotated inside a PKCS#11 token (SoftHSM2): a new master key seals, the old one still opens; a new receipt key
/// signs, the old one is listed as retired.
struct PKCS11RotationTests {
    @Test func rotatedKeysTakeOverInTheTokenAndTheOldOnesStillOpenAndCheck() async throws {
        guard let module = SoftHSM.module else {
            #expect(
                ProcessInfo.processInfo.environment["CI"] == nil,
                "CI must have softhsm2: scripts/test makes tokens"
            )
            return
        }
        let token = try SoftHSM.token()
        let first = try PKCS11KeyVault(module: module, token: token, pin: SoftHSM.pin)
        let old = try first.seal([1, 2, 3], context: "token:t")
        let oldReceiptKey = try #require(first.receiptKeys.last)
        #expect(try first.rotateMasterKey() == 2)
        let newReceiptKeyID = try first.rotateReceiptKey(now: 1_765_000_000)

        let reopened = try PKCS11KeyVault(module: module, token: token, pin: SoftHSM.pin)
        #expect(reopened.sealingKeyID == 2)
        #expect(try reopened.open(old, context: "token:t") == [1, 2, 3], "the old master key still opens")
        #expect(try reopened.seal([4], context: "c").keyID == 2)
        #expect(reopened.receiptKeys.map(\.id) == [oldReceiptKey.id, newReceiptKeyID])
        #expect(reopened.receiptKeys.map(\.retiredAt) == [1_765_000_000, nil])
        let signature = try reopened.signReceipt([9], keyID: newReceiptKeyID)
        #expect(try #require(reopened.receiptKeys.last).publicKey.isValidSignature(signature, for: [9] as [UInt8]))
        #expect(try reopened.keyedDigest(of: [1]) == first.keyedDigest(of: [1]), "the fingerprint key does not rotate")
    }
}
