import PooyaProtocol

/// The texts of the SMS the issuer sends, as templates a bank may word its own way (`sms.templates.*`), with
/// `{placeholders}` Pooya fills in. A template must keep what makes its SMS safe and useful — the code, the amount,
/// the payee and the type for a gateway's code, the advice not to share it — and must fit the parts it is allowed
/// with the longest realistic values (an SMS part costs the bank): ``validated()`` refuses one that does not, at
/// start, naming it. The WebOTP line is always Pooya's own, after a gateway's code.
public struct SMSTemplates: Sendable, Hashable {
    /// Which SMS a template words.
    public enum Name: String, Sendable, Hashable, CaseIterable {
        /// An activation's SMS part: `{bank}`, `{kind}`, `{activationCode}`, `{serial}`, `{hours}`.
        case activation
        /// A gateway's code: `{type}`, `{merchant}`, `{amount}`, `{code}`, `{until}`.
        case challenge
        /// A code the cardholder asked for by SMS: `{lastFour}`, `{code}`, `{until}`.
        case code
        /// The kill switch's confirmation: `{lastFour}`.
        case suspension
        /// The one answer to an SMS that matched nothing.
        case neutral
        /// The notice that wrong codes locked the card's dynamic PIN: `{lastFour}`.
        case lock

        /// The placeholders it must have.
        var required: [String] {
            switch self {
            case .activation: ["{activationCode}", "{serial}", "{doNotShare}"]
            case .challenge: ["{type}", "{merchant}", "{amount}", "{code}", "{doNotShare}"]
            case .code: ["{code}", "{doNotShare}"]
            case .suspension, .lock: ["{lastFour}"]
            case .neutral: []
            }
        }

        /// The parts it may take with its longest realistic values.
        var parts: Int { self == .activation || self == .challenge ? 2 : 1 }
    }

    /// The templates by name; each has a default in Persian.
    public var texts: [Name: String] = [
        .activation:
            "{bank}\nکد فعال‌سازی {kind}:\n{activationCode}\nپیگیری: {serial}\nتا {hours} ساعت معتبر؛ {doNotShare}",
        .challenge: "{type}: {merchant}\n{amount}\nرمز: {code} {until}\n{doNotShare}",
        .code: "رمز دوم پویا کارت {lastFour}: {code}\n{until}؛ {doNotShare}",
        .suspension: "رمز پویای کارت {lastFour} غیرفعال شد\nفعال‌سازی: خودپرداز، اینترنت‌بانک، شعبه",
        .neutral: "اگر ۴ رقم آخر کارتِ این شماره را فرستاده باشید، رمز پیامک می‌شود.",
        .lock: "رمز پویای کارت {lastFour} با رمز نادرست قفل شد\nدوباره فعال کنید",
    ]
    /// The advice never to share a secret, `{doNotShare}` in the templates.
    public var doNotShare = "به کسی ندهید"

    /// The defaults.
    public init() {}

    /// These templates, if each has the placeholders it must, none it cannot fill, and fits its parts.
    ///
    /// - Throws: ``IssuerError/unsafePolicy(_:)`` naming the first template that does not.
    public func validated() throws(IssuerError) -> SMSTemplates {
        guard !doNotShare.isEmpty else { throw .unsafePolicy("sms.templates.doNotShare must not be empty") }
        for name in Name.allCases {
            let text = texts[name] ?? ""
            for field in name.required where !text.contains(field) {
                throw .unsafePolicy("sms.templates.\(name.rawValue) must contain \(field)")
            }
            let longest = Self.longestValues(for: name)
            for unknown in text.matches(of: /\{[A-Za-z]+\}/).map({ String($0.output) }) where longest[unknown] == nil {
                throw .unsafePolicy("sms.templates.\(name.rawValue) has \(unknown), which is no field of it")
            }
            for webOTP in name == .challenge ? Self.longestWebOTPLines : [""] {
                let rendered = render(name, longest) + webOTP
                let parts = SMSLength.parts(of: rendered)
                guard parts <= name.parts else {
                    throw .unsafePolicy(
                        "sms.templates.\(name.rawValue) takes \(parts) SMS parts with the longest values; "
                            + "it may take \(name.parts)"
                    )
                }
            }
        }
        return self
    }

    /// The text of `name` with `values` (by placeholder) and `{doNotShare}` filled in, in one pass; a placeholder
    /// without a value stays as it is.
    func render(_ name: Name, _ values: [String: String]) -> String {
        let text = texts[name] ?? ""
        var result = ""
        result.reserveCapacity(text.utf8.count + 64)
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let field = String(rest[open...close])
            result += field == "{doNotShare}" ? doNotShare : values[field] ?? field
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    /// The longest realistic value of each of `name`'s fields.
    private static func longestValues(for name: Name) -> [String: String] {
        let common = ["{doNotShare}": "", "{until}": "تا ۱۴:۰۲", "{code}": "12345678", "{lastFour}": "۰۰۱۸"]
        switch name {
        case .activation:
            return common.merging(
                [
                    "{bank}": "بانک صادرات ایران", "{kind}": "رمز دوم پویا", "{hours}": "۷۲", "{serial}": "1234567890",
                    "{activationCode}": "1234-5678-9012-3456-7890-1234-56",
                ],
                uniquingKeysWith: { $1 }
            )
        case .challenge:
            return common.merging(
                [
                    "{type}": "انتقال", "{merchant}": String(repeating: "ب", count: MerchantName.maximumLength),
                    "{amount}": "۹۹٬۰۰۰٬۰۰۰٬۰۰۰ ریال",
                ],
                uniquingKeysWith: { $1 }
            )
        case .code, .suspension, .neutral, .lock:
            return common
        }
    }

    /// A 20-character WebOTP host, or two of 11 with a frame's.
    private static let longestWebOTPLines = [
        "\n@ipg.example-bank.com #12345678", "\n@pay.shop.ir #12345678 @ipg.bank.ir",
    ]
}
