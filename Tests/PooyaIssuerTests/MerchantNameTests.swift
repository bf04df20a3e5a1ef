import Foundation
import PooyaIssuer
import Testing

/// What a gateway may have Pooya text a cardholder as the merchant's name.
struct MerchantNameTests {
    @Test(arguments: [
        "فروشگاه نمونه", "فروشگاه اینترنتی دیجی\u{200C}کالا", "Digikala (Tehran)", "Shop & Co.", "کافه ۲۴", "كافه 24",
        "  padded  ", "a/b-c_d, e's",
    ])
    func ordinaryNamesInPersianAndLatinAreAccepted(name: String) throws {
        #expect(try MerchantName(name).text == name.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: [
        ("فروشگاه\nرمز را به ۰۹۱۲ بفرستید", MerchantName.Problem.forbiddenCharacter(position: 8)),
        ("shop\n@evil.example #1234567", .forbiddenCharacter(position: 5)),
        ("shop @evil.example", .forbiddenCharacter(position: 6)),
        ("#1234567", .forbiddenCharacter(position: 1)),
        ("فروشگاه \u{202E}۰۰۰٬۰۰۰٬۱", .forbiddenCharacter(position: 9)),  // right-to-left override
        ("shop\u{2066}x", .forbiddenCharacter(position: 5)),  // isolate
        ("shop\u{0}", .forbiddenCharacter(position: 5)),
        ("shop\u{7}bell", .forbiddenCharacter(position: 5)),
        ("shop\tname", .forbiddenCharacter(position: 5)),
        ("shop  name", .forbiddenCharacter(position: 6)),
        ("shop 😀", .forbiddenCharacter(position: 6)),
        ("", .empty),
        ("   ", .empty),
        (String(repeating: "ب", count: 41), .tooLong),
        (String(repeating: "x", count: 4_000), .tooLong),
    ])
    func anythingThatCouldRewriteTheSMSIsRefused(name: String, problem: MerchantName.Problem) {
        #expect(throws: IssuerError.invalidMerchantName(problem)) { try MerchantName(name) }
    }

    @Test func theRefusalNamesTheFieldAndNeverEchoesTheName() {
        let error = IssuerError.invalidMerchantName(.forbiddenCharacter(position: 5))
        #expect(error.code == "invalid_merchant_name")
        #expect(error.description.hasPrefix("merchantName "))
    }
}
