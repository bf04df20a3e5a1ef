import OneTimePassword
@testable import PooyaIssuer
import PooyaProtocol
import Testing

/// Every SMS the issuer sends fits the parts it is allowed, with its longest realistic fields: a part costs the bank.
struct SMSTextTests {
    static let longestBank = Bank.known(bin: "603769")?.persianName ?? ""  // بانک صادرات ایران, among the longest
    static let expiry: Int64 = 1_796_639_520  // 14:02 in Tehran

    @Test func gsmTextGoesIn160CharactersAPartAndPersianIn70() {
        #expect(SMSLength.parts(of: String(repeating: "a", count: 160)) == 1)
        #expect(SMSLength.parts(of: String(repeating: "a", count: 161)) == 2)
        #expect(SMSLength.parts(of: String(repeating: "a", count: 306)) == 2)
        #expect(SMSLength.parts(of: String(repeating: "€", count: 80)) == 1, "an extension character takes two")
        #expect(SMSLength.parts(of: String(repeating: "€", count: 81)) == 2)
        #expect(SMSLength.parts(of: String(repeating: "ب", count: 70)) == 1)
        #expect(SMSLength.parts(of: String(repeating: "ب", count: 71)) == 2)
        #expect(SMSLength.parts(of: String(repeating: "ب", count: 134)) == 2)
        #expect(SMSLength.parts(of: String(repeating: "ب", count: 135)) == 3)
        #expect(SMSLength.parts(of: "abc ب") == 1 && SMSLength.parts(of: String(repeating: "a", count: 70) + "ب") == 2)
    }

    @Test(arguments: [PINKind.second, .first])
    func theActivationSMSFitsTwoParts(kind: PINKind) {
        var random = SystemRandomNumberGenerator()
        let text = Issuer.activationText(
            bank: Self.longestBank,
            kind: kind,
            code: .random(using: &random),
            serial: .random(using: &random),
            hours: 72
        )
        #expect(SMSLength.parts(of: text) <= 2, "\(text.utf16.count) units:\n\(text)")
    }

    @Test func theGatewaysCodeFitsTwoPartsWithTheLongestNamesAndAmount() throws {
        let merchant = try MerchantName(String(repeating: "ب", count: MerchantName.maximumLength))
        for webOTP in [
            WebOTPLine(top: try WebOTPHost("ipg.example-bank.com")),
            WebOTPLine(top: try WebOTPHost("pay.shop.ir"), embedded: try WebOTPHost("ipg.bank.ir")),
        ] {
            let text = PersianText.challenge(
                type: .transfer,  // the longest type's word
                merchant: merchant,
                amount: 99_000_000_000,
                code: "12345678",
                until: Self.expiry,
                webOTP: webOTP
            )
            #expect(SMSLength.parts(of: text) <= 2, "\(text.utf16.count) units:\n\(text)")
            #expect(text.hasSuffix("\n" + webOTP.text(code: "12345678")), "the WebOTP line is last")
            #expect(text.contains(PersianText.doNotShare) && text.contains("۹۹٬۰۰۰٬۰۰۰٬۰۰۰ ریال"))
        }
    }

    @Test func theOtherSMSFitOnePart() {
        for text in [
            PersianText.requestedCode(lastFour: "0018", code: "12345678", until: Self.expiry),
            PersianText.suspended(lastFour: "0018"),
            PersianText.neutralInboundAnswer,
        ] {
            #expect(SMSLength.parts(of: text) == 1, "\(text.utf16.count) units:\n\(text)")
        }
    }
}
