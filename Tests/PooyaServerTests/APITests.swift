import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OneTimePassword
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
import PooyaTesting
import Testing

struct CardRouteTests {
    @Test func aCardIsRegisteredUpdatedLookedUpAndShown() async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.cards)
        try await harness.withClient(key: key) { client, _ in
            let created = try await client.registerCard(
                body: .json(
                    .init(
                        pan: "۶۱۰۴-۳۳۷۸-۰۰۰۰-۰۰۱۸",
                        mobile: "+98 912 123 4567"
                    )
                )
            ).ok.body.json
            #expect(created.created && created.maskedPan == "610433******0018" && created.mobile == "+98912***4567")
            #expect(created.bank.name == "Bank Mellat" && created.bank.persianName == "بانک ملت")
            let updated = try await client.registerCard(
                body: .json(
                    .init(
                        pan: "6104 3378 0000 0018",
                        mobile: "09351112233",
                        options: .init(ussdCodes: false)
                    )
                )
            ).ok.body.json
            #expect(!updated.created && updated.cardId == created.cardId)
            let found = try await client.lookupCard(body: .json(.init(pan: "6104337800000018"))).ok.body.json
            #expect(found.cardId == created.cardId)
            let status = try await client.getCard(path: .init(cardId: created.cardId)).ok.body.json
            #expect(status.options.ussdCodes == false && status.tokens.isEmpty && !status.staticSecondPinDisabled)
        }
    }

    @Test func unknownAndInvalidCardsAreProblems() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards), language: "en") { client, _ in
            let unknown = try await client.lookupCard(body: .json(.init(pan: "6037991200000002"))).notFound.body
                .applicationProblemJson
            #expect(unknown.code == "unknown_card" && unknown.status == 404)
            let invalid = try await client.registerCard(body: .json(.init(pan: "6104337800000019", mobile: "0912")))
                .unprocessableContent.body.applicationProblemJson
            #expect(invalid.code == "invalid_pan" && invalid.title == "Invalid card number")
            let missing = try await client.getCard(path: .init(cardId: "crd_missing")).notFound.body
                .applicationProblemJson
            #expect(missing.code == "unknown_card")
        }
    }
}

struct ActivationRouteTests {
    @Test func anInternetBankActivationAnswersTheScreenPartAndQRAndTextsTheRest() async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.cards, .activate)
        try await harness.withClient(key: key) { client, _ in
            try await harness.registerCard(client)
            let activation = try await client.startActivation(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        mobile: "۰۹۱۲۱۲۳۴۵۶۷",
                        kind: .second,
                        channel: .internetBank
                    )
                )
            ).created.body.json
            #expect(activation.receiptCode.count == 8 && activation.sentTo == "+98912***4567")
            let reference = try ActivationReference(qrPayload: try #require(activation.qrPayload))
            #expect(reference.receipt.digits == activation.receiptCode && reference.serial.digits == activation.serial)
            try await harness.deliverSMS()
            #expect(harness.sms.messages.count == 1)
        }
    }

    @Test func aWrongMobileIsAConflictWithItsOwnCode() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .activate)) { client, _ in
            try await harness.registerCard(client)
            let problem = try await client.startActivation(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        mobile: "09351112233",
                        kind: .second,
                        channel: .atm
                    )
                )
            ).conflict.body
                .applicationProblemJson
            #expect(problem.code == "mobile_mismatch")
            #expect(problem.title == "شمارهٔ همراه مطابقت ندارد")
        }
    }

    @Test func theHandshakeMakesATokenAndAReplayIsGone() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .activate, .verify)) { client, _ in
            try await harness.registerCard(client)
            let token = try await harness.provision(client)
            #expect(token.parameters.digits == 7 && token.parameters.maskedPAN == "610433******0018")
            let code = try TokenGenerator(seed: token.seed, parameters: token.parameters).code(at: harness.clock.now())
            let decision = try await client.verifyPIN(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        code: code,
                        kind: .second,
                        amount: 1_000,
                        merchantId: "m",
                        transactionId: "t1"
                    )
                )
            )
            .ok.body.json
            #expect(decision.decision == .approved)
        }
    }

    @Test func wrongPartsCostAttemptsAndAClosedTicketIsGone() async throws {
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
            let right = ActivationCode(receipt: try ReceiptPart(parsing: activation.receiptCode), sms: sms)
            var forged = ProvisioningClient(
                code: ActivationCode(receipt: try ReceiptPart(parsing: "00000000"), sms: sms)
            ).request
            forged.lookupID = right.lookupID
            let mismatch = try await client.provisionToken(body: .json(.init(forged))).forbidden.body
                .applicationProblemJson
            #expect(mismatch.code == "activation_code_mismatch" && mismatch.attemptsLeft == 4)
            let handshake = ProvisioningClient(code: right)
            _ = try await client.provisionToken(body: .json(.init(handshake.request))).created
            let replay = try await client.provisionToken(body: .json(.init(handshake.request))).gone.body
                .applicationProblemJson
            #expect(replay.code == "activation_closed")
        }
    }
}

struct VerificationRouteTests {
    @Test func decisionsAreTwoHundredsAndMalformedRequestsAreNot() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .activate, .verify)) { client, _ in
            let request = try await harness.approvableRequest(client)
            let approved = try await client.verifyPIN(body: .json(request)).ok.body.json
            #expect(approved.decision == .approved && approved.isoResponseCode == "00")
            var replay = request
            replay.transactionId = "t2"
            let refused = try await client.verifyPIN(body: .json(replay)).ok.body.json
            #expect(refused.decision == .rejected && refused.reason == .replayed && refused.attemptsLeft == 3)
            #expect(refused.isoResponseCode == "55")
            var staticPIN = request
            staticPIN.code = nil
            staticPIN.staticPin = true
            staticPIN.transactionId = "t3"
            #expect(try await client.verifyPIN(body: .json(staticPIN)).ok.body.json.reason == .staticPinDisabled)
            var both = request
            both.staticPin = true
            both.transactionId = "t4"
            #expect(
                try await client.verifyPIN(body: .json(both)).unprocessableContent.body.applicationProblemJson.code
                    == "invalid_request"
            )
            var reused = request
            reused.amount = 6_000
            #expect(
                try await client.verifyPIN(body: .json(reused)).conflict.body.applicationProblemJson.code
                    == "transaction_id_reused"
            )
        }
    }
}

struct AuthorizationTests {
    @Test func withoutAKeyOnlyThePublicRoutesAnswer() async throws {
        let harness = try ServerHarness()
        try await harness.withClient { client, _ in
            let problem = try await client.registerCard(body: .json(.init(pan: ServerHarness.pan, mobile: "0912")))
                .unauthorized.body.applicationProblemJson
            #expect(problem.code == "unauthenticated")
            #expect(try await client.getTime().ok.body.json.unixTime == harness.clock.now())
        }
    }

    @Test func metricsAndProbesAreServedOnTheManagementListenerOnly() async throws {
        let harness = try ServerHarness()
        try await harness.withClient { _, raw in
            for path in ["/metrics", "/healthz", "/readyz"] {
                let response = try await raw.executeRequest(uri: path, method: .get, headers: [:], body: nil)
                #expect(response.status == .notFound || response.status == .unauthorized, "\(path) on the public port")
            }
        }
        try await harness.withManagementClient { client, raw in
            _ = try await client.getHealth().ok
            _ = try await client.getReadiness().ok
            _ = try await client.getMetrics().ok
            let other = try await raw.executeRequest(uri: "/v1/time", method: .get, headers: [:], body: nil)
            #expect(other.status == .notFound, "the management listener serves nothing else")
        }
    }

    @Test func aKeyWithoutTheScopeIsForbiddenAndARevokedKeyUnknown() async throws {
        let harness = try ServerHarness()
        let (verifyKey, verifySecret) = try await harness.keys.create(name: "switch", scopes: [.verify])
        try await harness.withClient(key: verifySecret) { client, _ in
            let forbidden = try await client.lookupCard(body: .json(.init(pan: ServerHarness.pan))).forbidden.body
                .applicationProblemJson
            #expect(forbidden.code == "forbidden")
        }
        try await harness.keys.revoke(id: verifyKey.id)
        try await harness.withClient(key: verifySecret) { client, _ in
            _ = try await client.verifyAudit().unauthorized
        }
        try await harness.withClient(key: "pooya_" + String(repeating: "0", count: 64)) { client, _ in
            _ = try await client.lookupCard(body: .json(.init(pan: ServerHarness.pan))).unauthorized
            _ = try await client.getTime().ok
        }
    }
}

struct AdministrationRouteTests {
    @Test func theAuditTrailIsListedAndChecked() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .activate, .admin)) { client, _ in
            try await harness.registerCard(client)
            let token = try await harness.provision(client)
            let cardID = try await client.lookupCard(body: .json(.init(pan: ServerHarness.pan))).ok.body.json.cardId
            let trail = try await client.listAudit(query: .init(cardId: cardID)).ok.body.json.entries
            #expect(
                trail.map(\.action) == [
                    "card_registered", "activation_started", "token_provisioned",
                    "static_pin_disabled",
                ]
            )
            #expect(try await client.verifyAudit().ok.body.json.intact)
            _ = try await client.revokeToken(path: .init(tokenId: token.parameters.tokenID)).noContent
            #expect(
                try await client.revokeToken(path: .init(tokenId: "tok_missing")).notFound.body.applicationProblemJson
                    .code == "unknown_token"
            )
            _ = try await client.listAudit(query: .init(cardId: "crd_missing")).notFound
        }
    }
}

struct LiveServerTests {
    @Test func aCardholdersStoryOverARealSocket() async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.cards, .activate, .verify, .admin)
        try await harness.withClient(key: key, live: true) { client, raw in
            #expect(raw.port != nil)
            try await harness.registerCard(client)
            let token = try await harness.provision(client)
            let generator = try TokenGenerator(seed: token.seed, parameters: token.parameters)
            let code = try generator.code(at: harness.clock.now())
            func verify(_ code: String, _ transaction: String) async throws -> Components.Schemas.VerificationDecision {
                try await client.verifyPIN(
                    body: .json(
                        .init(
                            pan: ServerHarness.pan,
                            code: code,
                            kind: .second,
                            amount: 2_500_000,
                            merchantId: "shop-1",
                            merchantName: "فروشگاه",
                            transactionId: transaction
                        )
                    )
                ).ok.body.json
            }
            #expect(try await verify(code, "pay-1").decision == .approved)
            #expect(try await verify(code, "pay-2").reason == .replayed)
            #expect(try await verify(code, "pay-1").decision == .approved)
            #expect(try await client.verifyAudit().ok.body.json.intact)
        }
    }
}
