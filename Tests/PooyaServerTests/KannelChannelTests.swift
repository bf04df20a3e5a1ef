import Foundation
import HummingbirdTesting
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
import PooyaSMS
import PooyaSQLite
import PooyaTesting
import Testing

/// The service on a real socket with a real Kannel (bearerbox, smsbox, fakesmsc) on loopback: SMS out through
/// `sendsms`, delivery reports and inbound SMS back through Kannel's HTTP callbacks.
@Suite(
    .enabled(
        if: KannelHarness.isInstalled || ProcessInfo.processInfo.environment["CI"] != nil,
        "Kannel is not installed (apt-get install kannel kannel-extras)"
    ),
    .serialized,
    .timeLimit(.minutes(2))
)
struct KannelChannelTests {
    /// Waits up to ten seconds, sending the outbox every 100 ms, until `condition` holds.
    static func eventually(_ dispatcher: SMSDispatcher, _ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<100 {
            _ = try await dispatcher.dispatchDue()
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test func activationChallengeAndAnsweredSMSGoThroughKannelAndWaitWhileItIsDown() async throws {
        let harness = try ServerHarness()
        let channels = try await harness.key(.channels)
        let key = try await harness.key(.cards, .activate, .verify)
        try await harness.withClient(key: key, live: true) { client, raw in
            let port = try #require(raw.port)
            let kannel = try KannelHarness(pooyaURL: "http://127.0.0.1:\(port)", channelsKey: channels)
            try await kannel.start()
            let dispatcher = SMSDispatcher(
                outbox: harness.store,
                gateway: KannelSender(
                    settings: .init(
                        url: kannel.sendsmsURL,
                        username: "pooya",
                        password: "CHANGE-ME",
                        sender: "Mellat",
                        deliveryReportURL: URL(string: "http://127.0.0.1:\(port)/v1/sms/deliveries")
                    )
                ),
                vault: harness.vault,
                clock: harness.clock
            )
            try await harness.registerCard(client)

            // The activation's SMS part, in Persian, from the bank's sender.
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
            #expect(try await Self.eventually(dispatcher) { kannel.received().count == 1 })
            let activation = try #require(kannel.received().first)
            #expect(activation.from == "Mellat" && activation.to == "989121234567")
            #expect(activation.text.contains("کد فعال‌سازی رمز دوم پویا"))

            // Kannel reports the message's delivery to the service.
            let activationID = try #require(try await harness.store.recentOutboxMessages(limit: 1).first?.id)
            #expect(
                try await Self.eventually(dispatcher) {
                    try await harness.store.outboxMessage(id: activationID)?.delivery != nil
                },
                "a delivery report came back through the dlr-url"
            )

            // No app: the cardholder types the SMS part back on the ATM's screen.
            let serial = try #require(activation.text.firstMatch(of: /([0-9]{10})/)).output.1
            let part = try #require(activation.text.firstMatch(of: /[0-9]{4}(-[0-9]{1,4}){6}/)).output.0
            _ = try await client.confirmActivation(
                path: .init(serial: String(serial)),
                body: .json(.init(smsPart: String(part)))
            ).ok

            // The gateway's challenge names the amount and the merchant.
            _ = try await client.startChallenge(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        amount: 2_500_000,
                        merchantId: "shop-9",
                        merchantName: "فروشگاه نمونه",
                        transactionId: "pay-1"
                    )
                )
            ).accepted
            #expect(try await Self.eventually(dispatcher) { kannel.received().count == 2 })
            let challenge = kannel.received().dropFirst().first?.text ?? ""
            #expect(challenge.contains("۲٬۵۰۰٬۰۰۰ ریال") && challenge.contains("@pay.bank.ir #"))
            let code = try #require(challenge.firstMatch(of: /#([0-9]{7})/)).output.1
            #expect(
                try await client.verifyPIN(
                    body: .json(
                        .init(
                            pan: ServerHarness.pan,
                            code: String(code),
                            kind: .second,
                            amount: 2_500_000,
                            merchantId: "shop-9",
                            transactionId: "pay-1"
                        )
                    )
                ).ok.body.json.decision == .approved
            )

            // The cardholder texts the last four digits, from a Latin keyboard (GSM text) and from a Persian one
            // (UCS-2); Kannel passes each on with its charset; a code comes back for each.
            harness.clock.advance(by: 60)
            try kannel.sendIn(from: "989121234567", to: "30003303", text: "0018")
            #expect(try await Self.eventually(dispatcher) { kannel.received().count == 3 }, "\(kannel.logs())")
            #expect(kannel.received().dropFirst(2).first?.text.contains("رمز دوم پویا کارت ۰۰۱۸: ") == true)
            harness.clock.advance(by: 60)
            try kannel.sendIn(from: "989121234567", to: "30003303", text: "۰۰۱۸")
            #expect(try await Self.eventually(dispatcher) { kannel.received().count == 4 }, "\(kannel.logs())")
            #expect(kannel.received().dropFirst(3).first?.text.contains("رمز دوم پویا کارت ۰۰۱۸: ") == true)

            // Kannel stops: the next SMS waits in the outbox and goes out once Kannel is back.
            await kannel.stop()
            harness.clock.advance(by: 60)
            _ = try await client.startChallenge(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        amount: 10_000,
                        merchantId: "shop-9",
                        merchantName: "فروشگاه نمونه",
                        transactionId: "pay-2"
                    )
                )
            ).accepted
            #expect(try await dispatcher.dispatchDue().failed == 1)
            #expect(try await harness.store.outboxCounts()[.queued] == 1)
            try await kannel.start()
            harness.clock.advance(by: 2)
            #expect(try await Self.eventually(dispatcher) { kannel.received().count == 5 })
            #expect(kannel.received().dropFirst(4).first?.text.contains("۱۰٬۰۰۰ ریال") == true)

            // The kill switch typed in Persian: the card's dynamic PINs are suspended, and the SMS says so.
            try kannel.sendIn(from: "989121234567", to: "30003303", text: "قفل ۰۰۱۸")
            #expect(try await Self.eventually(dispatcher) { kannel.received().count == 6 }, "\(kannel.logs())")
            #expect(kannel.received().last?.text.contains("غیرفعال شد") == true)
            await kannel.stop()
        }
    }
}
