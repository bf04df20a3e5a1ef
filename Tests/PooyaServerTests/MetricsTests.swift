import Foundation
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
import PooyaTesting
import Testing

struct MetricsTests {
    @Test func metricsCountRequestsDecisionsActivationsAndSMSWithoutSecrets() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .activate, .verify)) { client, _ in
            try await harness.registerCard(client)
            let token = try await harness.provision(client)
            let code = try TokenGenerator(seed: token.seed, parameters: token.parameters).code(at: harness.clock.now())
            _ = try await client.verifyPIN(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        code: code,
                        kind: .second,
                        amount: 1,
                        merchantId: "shop-9",
                        transactionId: "a"
                    )
                )
            )
            for transaction in ["b", "c", "d"] {
                _ = try await client.verifyPIN(
                    body: .json(
                        .init(
                            pan: ServerHarness.pan,
                            code: "0000000",
                            kind: .second,
                            amount: 1,
                            merchantId: "shop-9",
                            transactionId: transaction
                        )
                    )
                )
            }
            let text = try await harness.metrics()
            #expect(text.contains(#"pooya_verifications_total{decision="approved",reason="none",kind="second"} 1"#))
            #expect(
                text.contains(#"pooya_verifications_total{decision="rejected",reason="invalid_code",kind="second"} 3"#)
            )
            #expect(text.contains(#"pooya_locks_total{kind="second"} 1"#))
            #expect(text.contains(#"pooya_activations_total{channel="atm",kind="second"} 1"#))
            #expect(text.contains(#"pooya_sms_total{result="sent"} 1"#))
            #expect(text.contains(#"pooya_sms_outbox_messages{status="sent"} 1"#))
            #expect(
                text.contains(#"pooya_http_requests_total{method="POST",route="/v1/verifications",status="200"} 4"#)
            )
            #expect(text.contains("pooya_http_request_duration_seconds_bucket"))
            let families = text.matches(of: #/\# TYPE (\S+) /#).map { String($0.output.1) }
            #expect(families.count >= 8)
            for family in families {
                #expect(text.contains("# HELP \(family) "), "\(family) has no # HELP line")
            }
            for secret in [ServerHarness.pan, "610433", code, "shop-9", "0000000"] {
                #expect(!text.contains(secret), "a metric carries \(secret)")
            }
        }
    }
}
