import Foundation
import PooyaIssuer
import PooyaSMS
import PooyaTesting
import Testing

struct KannelRequestTests {
    let sender = KannelSender(
        settings: .init(
            url: URL(string: "http://127.0.0.1:13013/cgi-bin/sendsms")!,
            username: "pooya",
            password: "p&w+",
            sender: "Mellat"
        )
    )

    @Test func persianGoesAsUCS2ToTheDigitsOfTheNumber() throws {
        let message = SMSMessage(
            to: try MobileNumber(parsing: "09121234567"),
            text: "کد: 1+2 & ۳",
            purpose: .activation,
            expiresAt: 0
        )
        let url = try sender.url(for: message).absoluteString
        #expect(url.contains("to=989121234567&"))
        #expect(url.contains("&coding=2&charset=UTF-8"))
        #expect(url.contains("password=p%26w%2B"))
        #expect(url.contains("&from=Mellat"))
        #expect(!url.contains("+"), "a plus sign would arrive as a space")
    }

    @Test func asciiTextNeedsNoCoding() throws {
        let message = SMSMessage(
            to: try MobileNumber(parsing: "09121234567"),
            text: "code 1234567",
            purpose: .activation,
            expiresAt: 0
        )
        #expect(!(try sender.url(for: message).absoluteString.contains("coding")))
    }

    @Test func theMessageTextIsNeverInTheErrorsDescription() {
        #expect(
            KannelError(status: 403, answer: "Authorization failed for sendsms").description
                == "Kannel refused the message (403): Authorization failed for sendsms"
        )
    }
}

/// Against a real Kannel (bearerbox, smsbox, fakesmsc) on loopback; `scripts/test` installs it.
@Suite(
    .enabled(
        if: KannelHarness.isInstalled || ProcessInfo.processInfo.environment["CI"] != nil,
        "Kannel is not installed (apt-get install kannel kannel-extras)"
    ),
    .serialized,
    .timeLimit(.minutes(2))
)
struct KannelGatewayTests {
    static let activationText = """
        بانک ملت
        کد فعال‌سازی رمز دوم پویا: 1234-5678-9012-3456-7890-1234-56
        شماره پیگیری: 5898961134
        این کد تا ۲۴ ساعت معتبر است. آن را به هیچ‌کس ندهید.
        """

    @Test func aPersianActivationSMSArrivesWholeFromTheBanksSenderEvenWhenSplit() async throws {
        let kannel = try KannelHarness()
        try await kannel.start()
        let sender = KannelSender(
            settings: .init(
                url: kannel.sendsmsURL,
                username: "pooya",
                password: "CHANGE-ME",
                sender: "Mellat"
            )
        )
        let mobile = try MobileNumber(parsing: "09121234567")
        try await sender.send(SMSMessage(to: mobile, text: "سلام ۱۲۳", purpose: .activation, expiresAt: 0))
        try await sender.send(SMSMessage(to: mobile, text: Self.activationText, purpose: .activation, expiresAt: 0))
        var received: [(from: String, to: String, text: String)] = []
        for _ in 0..<50 where received.count < 2 {
            try await Task.sleep(for: .milliseconds(100))
            received = kannel.received()
        }
        try #require(received.count == 2)
        #expect(received[0] == ("Mellat", "989121234567", "سلام ۱۲۳"))
        #expect(received[1].text == Self.activationText, "the three parts reassemble into the whole text")
        await kannel.stop()
    }

    @Test func aRefusalOrAStoppedGatewayIsAnErrorTheCallerCanRetryOn() async throws {
        let kannel = try KannelHarness()
        try await kannel.start()
        let mobile = try MobileNumber(parsing: "09121234567")
        let message = SMSMessage(to: mobile, text: "x", purpose: .activation, expiresAt: 0)
        let wrong = KannelSender(settings: .init(url: kannel.sendsmsURL, username: "pooya", password: "wrong"))
        await #expect(throws: KannelError(status: 403, answer: "Authorization failed for sendsms")) {
            try await wrong.send(message)
        }
        await kannel.stop()
        let right = KannelSender(settings: .init(url: kannel.sendsmsURL, username: "pooya", password: "CHANGE-ME"))
        await #expect(throws: (any Error).self) { try await right.send(message) }
    }
}
