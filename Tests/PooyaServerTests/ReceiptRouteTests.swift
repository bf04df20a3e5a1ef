import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PooyaAPI
import PooyaIssuer
import PooyaKeyVault
import PooyaProtocol
import PooyaTesting
import Testing

/// The switch's receipt routes: the receipt an approval carries, the public key set, and redemption once.
struct ReceiptRouteTests {
    @Test func anApprovalsReceiptChecksWithThePublicKeysAndIsRedeemedOnce() async throws {
        let harness = try ServerHarness()
        let switchKey = try await harness.key(.cards, .activate, .verify)
        try await harness.withClient(key: switchKey) { client, _ in
            let request = try await harness.approvableRequest(client)
            let decision = try await client.verifyPIN(body: .json(request)).ok.body.json
            let receipt = try #require(decision.receipt)

            var wrong = request
            wrong.code = String((request.code ?? "").reversed())
            wrong.transactionId = "t2"
            #expect(try await client.verifyPIN(body: .json(wrong)).ok.body.json.receipt == nil)

            let redeemed = try await client.verifyReceipt(body: .json(.init(receipt: receipt))).ok.body.json
            #expect(redeemed.valid && redeemed.status == .redeemed)
            #expect(redeemed.claims?.txn == "t1" && redeemed.claims?.amt == 5_000 && redeemed.claims?.mth == .app)
            #expect(redeemed.claims?.pan == "610433******0018" && redeemed.claims?.ttp == .purchase)
            let again = try await client.verifyReceipt(body: .json(.init(receipt: receipt))).ok.body.json
            #expect(!again.valid && again.status == .alreadyRedeemed && again.redeemedAt == harness.clock.now())
            let metrics = try await harness.metrics()
            #expect(metrics.contains(#"pooya_receipts_total{status="redeemed"} 1"#), "\(metrics)")
            #expect(metrics.contains(#"pooya_receipts_total{status="already_redeemed"} 1"#))
            let forged = try await client.verifyReceipt(body: .json(.init(receipt: "a.b.c"))).ok.body.json
            #expect(!forged.valid && forged.status == .malformed && forged.claims == nil)
            for size in [0, 4_097] {
                let oversized = Components.Schemas.ReceiptVerificationRequest(
                    receipt: String(repeating: "a", count: size)
                )
                let problem = try await client.verifyReceipt(body: .json(oversized)).unprocessableContent
                #expect(try problem.body.applicationProblemJson.code == "invalid_request")
            }
        }
        try await harness.withClient { client, _ in
            let keys = try await client.getReceiptKeys().ok.body.json.keys
            #expect(keys.map(\.kid) == harness.vault.receiptKeys.map(\.id))
            #expect(keys.allSatisfy { $0.kty == .okp && $0.crv == .ed25519 && $0.alg == .edDSA && $0.use == .sig })
            let unauthorized = try await client.verifyReceipt(body: .json(.init(receipt: "a.b.c"))).unauthorized
            #expect(try unauthorized.body.applicationProblemJson.code == "unauthenticated")
        }
        try await harness.withClient(key: try await harness.key(.cards)) { client, _ in
            let forbidden = try await client.verifyReceipt(body: .json(.init(receipt: "a.b.c"))).forbidden
            #expect(try forbidden.body.applicationProblemJson.code == "forbidden")
        }
    }

    @Test func theKeySetServedIsAJWKSAnyLibraryReads() async throws {
        let harness = try ServerHarness()
        try await harness.withClient { _, testClient in
            let response = try await testClient.executeRequest(
                uri: "/v1/receipts/keys",
                method: .get,
                headers: [:],
                body: nil
            )
            #expect(response.status == .ok && response.headers[.cacheControl] == "public, max-age=60")
            let set = try ReceiptKeySet(jwks: Data(response.body.readableBytesView))
            #expect(set.keys == harness.vault.receiptKeys)
        }
    }
}
