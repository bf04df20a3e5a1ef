import Foundation
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
import PooyaTesting
import Testing

/// Every error the issuer distinguishes reaches the client as its documented status and stable code.
struct ErrorCodeTests {
    @Test func aBlockedCardCannotBeActivated() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .activate)) { client, _ in
            _ = try await client.registerCard(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        mobile: ServerHarness.mobile,
                        options: .init(blocked: true)
                    )
                )
            ).ok
            let problem = try await client.startActivation(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        mobile: ServerHarness.mobile,
                        kind: .first,
                        channel: .branch
                    )
                )
            ).conflict.body
                .applicationProblemJson
            #expect(problem.code == "card_blocked" && problem.status == 409)
        }
    }

    @Test func aGatewayThatRefusesTheSMSDoesNotFailTheActivationItsSMSWaits() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .activate), language: "en") { client, _ in
            try await harness.registerCard(client)
            harness.sms.setFailing(true)
            _ = try await client.startActivation(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        mobile: ServerHarness.mobile,
                        kind: .second,
                        channel: .atm
                    )
                )
            ).created
            #expect(try await harness.deliverSMS().failed == 1)
            harness.sms.setFailing(false)
            harness.clock.advance(by: 2)
            #expect(try await harness.deliverSMS().sent == 1)
        }
    }

    @Test func anExpiredActivationIsGone() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .activate)) { client, _ in
            try await harness.registerCard(client)
            let activation = try await client.startActivation(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        mobile: ServerHarness.mobile,
                        kind: .second,
                        channel: .atm
                    )
                )
            ).created.body.json
            let sms = try await harness.smsPart()
            let handshake = ProvisioningClient(
                code: ActivationCode(
                    receipt: try ReceiptPart(parsing: activation.receiptCode),
                    sms: sms
                )
            )
            harness.clock.advance(by: 24 * 3600)
            let problem = try await client.provisionToken(body: .json(.init(handshake.request))).gone.body
                .applicationProblemJson
            #expect(problem.code == "activation_expired")
        }
    }

    @Test func anUnknownOrMalformedHandshakeIsNamed() async throws {
        let harness = try ServerHarness()
        try await harness.withClient { client, _ in
            var random = SystemRandomNumberGenerator()
            var request = ProvisioningClient(
                code: ActivationCode(
                    receipt: .random(using: &random),
                    sms: .random(using: &random)
                )
            ).request
            let unknown = try await client.provisionToken(body: .json(.init(request))).notFound.body
                .applicationProblemJson
            #expect(unknown.code == "activation_not_found")
            request.clientPublicKey = Data(repeating: 1, count: 65)
            let malformed = try await client.provisionToken(body: .json(.init(request))).badRequest.body
                .applicationProblemJson
            #expect(malformed.code == "malformed_handshake")
        }
    }
}
