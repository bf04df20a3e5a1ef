import Foundation
import HTTPTypes
import HummingbirdTesting
import InMemoryLogging
import Logging
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
import PooyaSQLite
import PooyaTesting
import Testing

/// Mellat's flow: the cardholder texts the card's last four digits and gets a code back; and delivery reports.
struct InboundSMSTests {
    static func receive(_ client: Client, from: String, text: String) async throws {
        let answer = try await client.receiveSMS(query: .init(from: from, text: text)).ok.body.plainText
        #expect(try await String(collecting: answer, upTo: 1024) == "", "Kannel must send nothing itself")
    }

    @Test func theLastFourDigitsFromTheRegisteredMobileBringACodeThatPays() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards)) { client, _ in
            try await harness.registerCard(client)
        }
        try await harness.activateWithoutApp()
        try await harness.withClient(key: try await harness.key(.channels, .verify)) { client, _ in
            try await Self.receive(client, from: "989121234567", text: " ۰۰۱۸ ")
            try await harness.deliverSMS()
            let message = try #require(harness.sms.messages.last)
            #expect(message.purpose == .code && message.to.e164 == "+989121234567")
            #expect(message.text.contains("رمز دوم پویا کارت ۰۰۱۸: "))
            let code = try #require(message.text.firstMatch(of: /: ([0-9]{7})\n/)).output.1
            let decision = try await client.verifyPIN(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        code: String(code),
                        kind: .second,
                        amount: 50_000,
                        merchantId: "any",
                        transactionId: "in-1"
                    )
                )
            ).ok.body.json
            #expect(decision.decision == .approved, "a cardholder's SMS code is not bound to one payment")
            let metrics = try await harness.metrics()
            #expect(metrics.contains(#"pooya_codes_issued_total{channel="sms"} 1"#))
        }
    }

    @Test func aUCS2TextAsKannelPassesItOnIsDecodedByItsCharset() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards)) { client, _ in
            try await harness.registerCard(client)
        }
        try await harness.activateWithoutApp()
        let key = try await harness.key(.channels)
        try await harness.withClient(key: key) { _, raw in
            // "۰۰۱۸" from a Persian keyboard: UCS-2, that is UTF-16BE bytes, percent-encoded by Kannel's %b.
            let persian = "%06%F0%06%F0%06%F1%06%F8"
            for (query, status) in [
                ("text=\(persian)&coding=2&charset=UTF-16BE", HTTPResponse.Status.ok),
                ("text=0018&coding=0&charset=GSM", .ok),
                ("text=%D8%00&coding=2&charset=UTF-16BE", .badRequest),  // a lone surrogate
            ] {
                let response = try await raw.executeRequest(
                    uri: "/v1/sms/inbound?key=\(key)&from=989121234567&\(query)",
                    method: .get,
                    headers: [:],
                    body: nil
                )
                #expect(response.status == status, "\(query)")
            }
            try await harness.deliverSMS()
            let codes = harness.sms.messages.filter { $0.purpose == .code }
            #expect(codes.count == 2 && codes.allSatisfy { $0.text.contains("رمز دوم پویا کارت ۰۰۱۸: ") })
        }
    }

    @Test func lockAndTheLastFourDigitsFromTheRegisteredMobileSuspendTheCardAndItsAppCodeIsRefused() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.channels, .verify, .cards, .activate)) { client, _ in
            try await harness.registerCard(client)
            let token = try await harness.provision(client)
            try await Self.receive(client, from: "09121234567", text: "قفل ۰۰۱۸")
            try await harness.deliverSMS()
            let confirmation = try #require(harness.sms.messages.last)
            #expect(confirmation.purpose == .suspension && confirmation.to.e164 == "+989121234567")
            #expect(confirmation.text.contains("رمز پویای کارت ۰۰۱۸ غیرفعال شد"))
            #expect(confirmation.text.contains("خودپرداز، اینترنت‌بانک، شعبه"), "it says how to get back")
            let code = try TokenGenerator(seed: token.seed, parameters: token.parameters).code(at: harness.clock.now())
            let decision = try await client.verifyPIN(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        code: code,
                        kind: .second,
                        amount: 1_000,
                        merchantId: "m",
                        transactionId: "after-lock"
                    )
                )
            ).ok.body.json
            #expect(decision.reason == .cardSuspended)
            let status = try await client.getCard(
                path: .init(
                    cardId: try #require(
                        try await harness.issuer.cardID(for: PAN(parsing: ServerHarness.pan))
                    )
                )
            ).ok.body.json
            #expect(status.suspended && status.tokens.isEmpty && status.staticSecondPinDisabled)
        }
    }

    @Test func lockFromAnotherNumberChangesNothingAndGetsTheNeutralAnswer() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards)) { client, _ in
            try await harness.registerCard(client)
        }
        try await harness.withClient(key: try await harness.key(.channels)) { client, _ in
            try await Self.receive(client, from: "09350000000", text: "LOCK 0018")
            try await Self.receive(client, from: "09121234567", text: "0018")
            try await harness.deliverSMS()
            let texts = harness.sms.messages.map(\.text)
            #expect(texts.count == 2 && Set(texts).count == 1, "the same neutral answer as any unknown request")
            #expect(harness.sms.messages.allSatisfy { $0.purpose == .notice })
        }
        let card = try #require(try await harness.issuer.cardID(for: PAN(parsing: ServerHarness.pan)))
        #expect(try await harness.issuer.cardStatus(cardID: card)?.card.suspendedAt == nil)
    }

    @Test func anUnknownSenderOrOtherDigitsGetTheSameNeutralAnswer() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards)) { client, _ in
            try await harness.registerCard(client)
        }
        try await harness.withClient(key: try await harness.key(.channels)) { client, _ in
            try await Self.receive(client, from: "+989121234567", text: "1234")
            try await Self.receive(client, from: "+989350000000", text: "0018")
            try await Self.receive(client, from: "+989121234567", text: "hello")
            try await Self.receive(client, from: "not-a-number", text: "0018")
            try await harness.deliverSMS()
            let texts = harness.sms.messages.map(\.text)
            #expect(texts.count == 3, "nothing can be sent to a sender that is not a mobile")
            #expect(Set(texts).count == 1 && harness.sms.messages.allSatisfy { $0.purpose == .notice })
            #expect(!texts[0].contains("0018") && !texts[0].contains("کارت 0"))
        }
    }

    @Test func kannelGivesTheKeyInTheQueryOfTheInboundRouteOnlyAndItIsNeverLogged() async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.channels, .cards)
        let logs = InMemoryLogHandler()
        try await harness.withClient(logger: Logger(label: "pooya-tests") { _ in logs }) { _, raw in
            let inbound = try await raw.execute(
                uri: "/v1/sms/inbound?key=\(key)&from=09121234567&text=1234",
                method: .get
            ) { $0.status }
            #expect(inbound == .ok)
            let wrong = try await raw.execute(
                uri: "/v1/sms/inbound?key=pooya_wrong&from=09121234567&text=1234",
                method: .get
            ) { $0.status }
            #expect(wrong == .unauthorized)
            let elsewhere = try await raw.execute(uri: "/v1/audit/verify?key=\(key)", method: .get) { $0.status }
            #expect(elsewhere == .unauthorized, "only the inbound route takes a key in its query")
        }
        let logged = logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(logged.contains("/v1/sms/inbound"))
        #expect(!logged.contains(key) && !logged.contains("09121234567") && !logged.contains("1234"))
    }

    @Test func deliveryReportsAreRecordedAndAFinalOneIsNotUndone() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .activate)) { client, _ in
            try await harness.registerCard(client)
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
            try await harness.deliverSMS()
            let id = try #require(harness.sms.messages.last?.id)
            for status in [8, 1, 8] {
                _ = try await client.receiveDeliveryReport(query: .init(message: id, status: status)).noContent
            }
            let message = try #require(try await harness.store.outboxMessage(id: id))
            #expect(message.status == .sent && message.delivery == .delivered)
            #expect(
                try await client.receiveDeliveryReport(query: .init(message: "sms_nope", status: 1)).notFound.body
                    .applicationProblemJson.code == "not_found"
            )
            #expect(
                try await client.receiveDeliveryReport(query: .init(message: id, status: 3)).unprocessableContent
                    .body.applicationProblemJson.code == "invalid_request"
            )
        }
    }
}
