import Crypto
import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaProtocol
import PooyaSQLite
import PooyaTesting
import Testing

struct CardValueTests {
    @Test(arguments: [
        "6104337800000018", "6104 3378 0000 0018", "6104-3378-0000-0018", "۶۱۰۴۳۳۷۸۰۰۰۰۰۰۱۸",
        "٦١٠٤٣٣٧٨٠٠٠٠٠٠١٨",
    ])
    func aPANIsReadInAnyDigitSetWithSpacesOrDashes(text: String) throws {
        let pan = try PAN(parsing: text)
        #expect(pan.digits == "6104337800000018")
        #expect(pan.masked == "610433******0018")
        #expect(pan.bank.name == "Bank Mellat" && pan.bank.persianName == "بانک ملت")
        #expect(String(describing: pan) == "610433******0018")
    }

    @Test(arguments: [
        ("6104337800000019", "the card number's check digit is wrong"),
        ("610433780000001", "a card number has 16 digits, not 15"),
        ("61043378000000181", "a card number has 16 digits, not 17"),
        ("6104x37800000018", "a card number holds only digits"),
    ])
    func aMalformedPANIsATypedError(text: String, reason: String) {
        #expect(throws: IssuerError.invalidPAN(reason)) { try PAN(parsing: text) }
    }

    @Test func aBodyIsCompletedWithItsCheckDigit() throws {
        #expect(try PAN(completing: "610433780000001").digits == "6104337800000018")
        #expect(throws: IssuerError.self) { try PAN(completing: "61043378000000") }
    }

    @Test func theBankComesFromTheBIN() throws {
        #expect(Bank(bin: "603799").name == "Bank Melli Iran")
        #expect(Bank(bin: "502229").persianName == "بانک پاسارگاد")
        #expect(Bank(bin: "123456").name == "Unknown bank")
    }

    @Test(arguments: [
        "09121234567", "9121234567", "+989121234567", "+98 912 123 4567", "00989121234567",
        "989121234567", "۰۹۱۲۱۲۳۴۵۶۷", "0912-123-4567", "(0912) 123 4567",
    ])
    func everyFormOfAMobileNumberIsOneNumber(text: String) throws {
        let mobile = try MobileNumber(parsing: text)
        #expect(mobile.e164 == "+989121234567")
        #expect(mobile.operator == .mci)
        #expect(mobile.masked == "+98912***4567")
    }

    @Test(arguments: [
        ("09351234567", MobileNumber.Operator.irancell), ("09201234567", .rightel),
        ("09981234567", .shatel), ("09901234567", .mci), ("09411234567", .irancell),
    ])
    func theOperatorComesFromThePrefix(text: String, expected: MobileNumber.Operator) throws {
        #expect(try MobileNumber(parsing: text).operator == expected)
    }

    @Test(arguments: ["0212345678", "+441234567890", "0912123456", "091212345678", "abc", ""])
    func somethingThatIsNotAnIranianMobileIsRefused(text: String) {
        #expect(throws: IssuerError.self) { try MobileNumber(parsing: text) }
    }

    @Test func theFingerprintIsKeyedAndHidesTheNumber() throws {
        let pan = try PAN(parsing: "6104337800000018")
        let fingerprint = try IssuerHarness.vault().fingerprint(of: pan)
        #expect(fingerprint.hex.count == 64)
        #expect(!fingerprint.hex.contains("6104337800000018"))
        #expect(fingerprint == (try IssuerHarness.vault().fingerprint(of: pan)))
        let otherKey = try TestKeys.randomVault()
        #expect(try otherKey.fingerprint(of: pan) != fingerprint)
    }
}

struct PolicyTests {
    @Test func theDefaultsAreTheDomainsNumbers() throws {
        let policy = try IssuerPolicy().validated()
        #expect(policy.secondPIN.digits == 7 && policy.secondPIN.period == 60 && policy.secondPIN.window.behind == 1)
        #expect(policy.firstPIN.digits == 4)
        #expect(policy.failuresBeforeLock == 3 && policy.activationLifetime == 86_400 && policy.activationAttempts == 5)
    }

    @Test(
        arguments: [
            { (policy: inout IssuerPolicy) in policy.secondPIN.digits = 6 },
            { $0.firstPIN.digits = 3 },
            { $0.secondPIN.period = 20 },
            { $0.secondPIN.period = 120 },  // with one step back, a code would live 240 s
            { $0.secondPIN.window.ahead = 2 },
            { $0.failuresBeforeLock = 6 },
            { $0.failuresBeforeLock = 2 },
            { $0.activationLifetime = 600 },
            { $0.activationLifetime = 73 * 3600 },
            { $0.activationAttempts = 0 },
        ] as [@Sendable (inout IssuerPolicy) -> Void]
    )
    func unsafeValuesAreRefusedAtStart(change: @Sendable (inout IssuerPolicy) -> Void) throws {
        var policy = IssuerPolicy()
        change(&policy)
        #expect(throws: IssuerError.self) { try policy.validated() }
        #expect(throws: IssuerError.self) {
            try Issuer(policy: policy, store: SQLiteStore.inMemory(), vault: IssuerHarness.vault())
        }
    }
}
