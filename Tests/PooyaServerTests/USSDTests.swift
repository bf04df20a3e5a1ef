import Foundation
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
import PooyaTesting
import Testing

/// The USSD menu, session by session, as an operator's gateway calls it back.
struct USSDTests {
    /// One session on one phone: each step sends everything typed so far.
    struct Session {
        let client: Client
        let id = UUID().uuidString
        var phone = "+989121234567"
        var typed: [String] = []

        mutating func start() async throws -> String { try await screen() }

        mutating func type(_ choice: String) async throws -> String {
            typed.append(choice)
            return try await screen()
        }

        private func screen() async throws -> String {
            let output = try await client.answerUSSD(
                body: .urlEncodedForm(
                    .init(
                        sessionId: id,
                        serviceCode: "*712*60#",
                        phoneNumber: phone,
                        text: typed.joined(separator: "*")
                    )
                )
            )
            return try await String(collecting: try output.ok.body.plainText, upTo: 4096)
        }
    }

    static func withChannels(_ body: @Sendable (ServerHarness, Client) async throws -> Void) async throws {
        let harness = try ServerHarness()
        let cards = try await harness.key(.cards)
        try await harness.withClient(key: cards) { client, _ in
            try await harness.registerCard(client)
            try await harness.activateWithoutApp()
            _ = try await client.registerCard(body: .json(.init(pan: "6037991200000002", mobile: ServerHarness.mobile)))
                .ok
        }
        try await harness.withClient(key: try await harness.key(.channels, .verify)) { client, _ in
            try await body(harness, client)
        }
    }

    @Test func aCallerPicksACardAndReadsACodeThatPaysOnce() async throws {
        try await Self.withChannels { harness, client in
            let texted = harness.sms.messages.count
            var session = Session(client: client)
            #expect(try await session.start() == "CON رمز پویا\n۱. دریافت رمز دوم پویا\n۲. خروج")
            #expect(try await session.type("1") == "CON کارت را انتخاب کنید:\n۱. کارت ۰۰۱۸\n۲. کارت ۰۰۰۲\n۰. بازگشت")
            #expect(
                try await session.type("۱")
                    == "CON کارت ۰۰۱۸:\n۱. دریافت رمز دوم پویا\n۲. قفل رمز پویای من\n۰. بازگشت"
            )
            let screen = try await session.type("1")
            #expect(screen.hasPrefix("END رمز دوم پویا کارت ۰۰۱۸:\n"))
            #expect(screen.contains("اعتبار: ۱۲۰ ثانیه"))
            let persianCode = try #require(screen.firstMatch(of: /\n([۰-۹]{7})\n/)).output.1
            let decision = try await client.verifyPIN(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        code: String(persianCode),
                        kind: .second,
                        amount: 10_000,
                        merchantId: "m",
                        transactionId: "u-1"
                    )
                )
            ).ok.body.json
            #expect(decision.decision == .approved)
            #expect(harness.sms.messages.count == texted, "a USSD code is shown, not texted")
        }
    }

    @Test func wrongChoicesShowTheMenuAgainWithAWarningAndZeroGoesBack() async throws {
        try await Self.withChannels { _, client in
            var session = Session(client: client)
            _ = try await session.start()
            #expect(try await session.type("7") == "CON انتخاب نادرست است.\nرمز پویا\n۱. دریافت رمز دوم پویا\n۲. خروج")
            #expect(try await session.type("x").hasPrefix("CON انتخاب نادرست است.\nرمز پویا"))
            #expect(try await session.type("1").hasPrefix("CON کارت را انتخاب کنید"))
            #expect(try await session.type("3").hasPrefix("CON انتخاب نادرست است.\nکارت را انتخاب کنید"))
            #expect(try await session.type("0").hasPrefix("CON رمز پویا"))
            #expect(try await session.type("2") == "END خدانگهدار.")
        }
    }

    @Test func aSessionPastItsTimeOutEndsAndANewOneStartsAfresh() async throws {
        try await Self.withChannels { harness, client in
            var session = Session(client: client)
            _ = try await session.start()
            harness.clock.advance(by: 100)
            #expect(try await session.type("1").hasPrefix("CON کارت"))
            harness.clock.advance(by: 81)
            #expect(try await session.type("1") == "END زمان جلسه به پایان رسید. دوباره شماره‌گیری کنید.")
            var next = Session(client: client)
            #expect(try await next.start().hasPrefix("CON رمز پویا"))
        }
    }

    @Test func aNumberWithNoCardOrNotAMobileEndsWithTheSameNeutralScreen() async throws {
        try await Self.withChannels { _, client in
            var screens: [String] = []
            for phone in ["+989350000000", "12345", ""] {
                var session = Session(client: client, phone: phone)
                screens.append(try await session.start())
            }
            #expect(screens == Array(repeating: "END این خدمت برای این شماره در دسترس نیست.", count: 3))
        }
    }

    @Test func tooManyCodesAreSaidOnTheScreen() async throws {
        try await Self.withChannels { _, client in
            for _ in 0..<2 {
                var session = Session(client: client)
                _ = try await session.type("1")
                _ = try await session.type("1")
                #expect(try await session.type("1").hasPrefix("END رمز دوم پویا"))
            }
            var third = Session(client: client)
            _ = try await third.type("1")
            _ = try await third.type("1")
            #expect(try await third.type("1") == "END درخواست رمز بیش از حد مجاز است؛ کمی بعد دوباره تلاش کنید.")
        }
    }

    @Test func aLockIsSaidOnTheScreen() async throws {
        try await Self.withChannels { _, client in
            var first = Session(client: client)
            _ = try await first.type("1")
            _ = try await first.type("1")
            _ = try await first.type("1")
            for transaction in ["a", "b", "c"] {
                _ = try await client.verifyPIN(
                    body: .json(
                        .init(
                            pan: ServerHarness.pan,
                            code: "0000000",
                            kind: .second,
                            amount: 1,
                            merchantId: "m",
                            transactionId: transaction
                        )
                    )
                ).ok
            }
            var locked = Session(client: client)
            _ = try await locked.type("1")
            _ = try await locked.type("1")
            #expect(
                try await locked.type("1") == "END رمز پویا به دلیل رمزهای نادرست قفل شده است؛ آن را دوباره فعال کنید."
            )
        }
    }

    @Test func theCardholderLocksACardsDynamicPINAfterConfirmingAndItsCodesStop() async throws {
        try await Self.withChannels { harness, client in
            var session = Session(client: client)
            _ = try await session.type("1")
            _ = try await session.type("1")
            #expect(try await session.type("2").hasPrefix("CON رمز پویای کارت ۰۰۱۸ قفل شود؟"))
            #expect(try await session.type("0").hasPrefix("CON کارت ۰۰۱۸:"), "zero goes back without locking")
            _ = try await session.type("2")
            #expect(try await session.type("1").hasPrefix("END رمز پویای کارت ۰۰۱۸ قفل شد."))
            try await harness.deliverSMS()
            let confirmation = try #require(harness.sms.messages.last)
            #expect(confirmation.purpose == .suspension && confirmation.text.contains("غیرفعال شد"))

            var later = Session(client: client)
            _ = try await later.type("1")
            _ = try await later.type("1")
            #expect(try await later.type("1") == "END این خدمت برای این شماره در دسترس نیست.", "no code once suspended")
            let staticPIN = try await client.verifyPIN(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        staticPin: true,
                        kind: .second,
                        amount: 1,
                        merchantId: "m",
                        transactionId: "after-lock"
                    )
                )
            ).ok.body.json
            #expect(staticPIN.reason == .cardSuspended, "nobody can pay online with the card")
        }
    }

    @Test func anotherNumberCannotLockTheCard() async throws {
        try await Self.withChannels { harness, client in
            var stranger = Session(client: client, phone: "+989350000000")
            #expect(try await stranger.type("1*1*2*1") == "END این خدمت برای این شماره در دسترس نیست.")
            let card = try #require(try await harness.issuer.cardID(for: PAN(parsing: ServerHarness.pan)))
            #expect(try await harness.issuer.cardStatus(cardID: card)?.card.suspendedAt == nil)
        }
    }

    @Test func theChannelsScopeIsNeeded() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.verify)) { client, _ in
            let output = try await client.answerUSSD(
                body: .urlEncodedForm(
                    .init(
                        sessionId: "s",
                        serviceCode: "*1#",
                        phoneNumber: ServerHarness.mobile,
                        text: ""
                    )
                )
            )
            #expect(try output.forbidden.body.applicationProblemJson.code == "forbidden")
        }
    }
}
