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

    @Test func theDefaultTextsFitTheirPartsWithTheLongestValues() throws {
        // Activation and a gateway's code in 2 parts, the others in 1, with the longest bank name, a 30-character
        // merchant, 99,000,000,000 rials, an 8-digit code and a 20-character WebOTP host (or two of 11).
        _ = try SMSTemplates().validated()
    }

    @Test func aGatewaysCodeSMSNamesTheTypePayeeAmountAndCodeAndEndsWithTheWebOTPLine() {
        let text = SMSTemplates().render(
            .challenge,
            [
                "{type}": "خرید", "{merchant}": "فروشگاه نمونه", "{amount}": "۲٬۵۰۰٬۰۰۰ ریال", "{code}": "1234567",
                "{until}": "تا ۱۴:۰۲",
            ]
        )
        #expect(text == "خرید: فروشگاه نمونه\n۲٬۵۰۰٬۰۰۰ ریال\nرمز: 1234567 تا ۱۴:۰۲\nبه کسی ندهید")
    }

    @Test func aBanksOwnWordingKeepsItsFieldsAndFitsOrIsRefusedNamingIt() throws {
        var templates = SMSTemplates()
        templates.texts[.challenge] = "{type} {merchant}\n{amount}\nرمز {code} {until}\n{doNotShare}"
        _ = try templates.validated()
        templates.texts[.challenge] =
            "پرداخت {type} به {merchant}، به مبلغ {amount}. رمز شما {code} است، {until}. {doNotShare}"
        #expect(
            throws: IssuerError.unsafePolicy(
                "sms.templates.challenge takes 3 SMS parts with the longest values; it may take 2"
            )
        ) { try templates.validated() }
        templates.texts[.challenge] = "{type}: {merchant}\nرمز: {code}\n{doNotShare}"
        #expect(throws: IssuerError.unsafePolicy("sms.templates.challenge must contain {amount}")) {
            try templates.validated()
        }
        templates.texts[.challenge] = "{type}: {merchant}\n{amonut}\n{amount} {code}\n{doNotShare}"
        #expect(throws: IssuerError.unsafePolicy("sms.templates.challenge has {amonut}, which is no field of it")) {
            try templates.validated()
        }
        templates = SMSTemplates()
        templates.texts[.code] =
            "بانک شما: رمز دوم پویای کارت {lastFour} برای پرداخت اینترنتی: {code}، {until}. {doNotShare}"
        #expect(
            throws: IssuerError.unsafePolicy(
                "sms.templates.code takes 2 SMS parts with the longest values; it may take 1"
            )
        ) { try templates.validated() }
        templates = SMSTemplates()
        templates.doNotShare = ""
        #expect(throws: IssuerError.self) { try templates.validated() }
    }
}
