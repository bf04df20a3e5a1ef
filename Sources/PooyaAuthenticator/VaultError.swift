/// Why the vault refused something. The messages name no secret; each is available in English (`description`) and in
/// Persian (``persianDescription``), so an app and `pooya token` tell the cardholder in their language.
public enum VaultError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The password does not open the vault.
    case wrongPassword
    /// The file is damaged: its checksum does not match (a bad disk, a partial copy).
    case damaged
    /// The file was altered by someone who also recomputed its checksum: its contents fail authentication.
    case tampered
    /// The file is of a version this library does not know.
    case unsupportedVersion(Int)
    /// The password breaks ``PasswordPolicy``.
    case weakPassword(PasswordPolicy.Problem)
    /// The generation PIN is refused.
    case weakGenerationPIN(GenerationPIN.Problem)
    /// A token for this card and kind exists; remove it or ask to replace it.
    case tokenExists(maskedPAN: String)
    /// No token matches this card (or token id).
    case noSuchToken(String)
    /// The token's generation PIN was not given or is wrong.
    case generationPINRequired
    /// An amount-capped code was asked with a cap or validity outside what a capped code can carry, or of a token
    /// that is not a bank's.
    case capNotPossible
    /// An otpauth account that is not time-based (only TOTP accounts can be imported).
    case notTimeBased
    /// The file could not be read or written; the reason names the path, never a secret.
    case storage(String)

    /// The message in English.
    public var description: String {
        switch self {
        case .wrongPassword: "the password is wrong"
        case .damaged: "the vault file is damaged"
        case .tampered: "the vault file was tampered with"
        case .unsupportedVersion(let version): "the vault file has version \(version), which this version cannot read"
        case .weakPassword(let problem): problem.description
        case .weakGenerationPIN(let problem): problem.description
        case .tokenExists(let card):
            "a token for \(card) exists already, and nothing was changed at the bank: replace it, or remove it first"
        case .noSuchToken(let card): "no token matches \(card)"
        case .generationPINRequired: "this token's generation PIN is needed to show its code"
        case .capNotPossible:
            "a capped code needs a bank's token, a cap of 10 to 99,000,000,000 rials and a validity of at least a minute"
        case .notTimeBased: "only time-based (totp) accounts can be imported"
        case .storage(let reason): reason
        }
    }

    /// The message in Persian (Latin digits; a Persian screen writes them as Persian digits).
    public var persianDescription: String {
        switch self {
        case .wrongPassword: "گذرواژه نادرست است"
        case .damaged: "پروندهٔ گاوصندوق آسیب دیده است"
        case .tampered: "پروندهٔ گاوصندوق دست‌کاری شده است"
        case .unsupportedVersion(let version): "این نسخه پروندهٔ گاوصندوق نسخهٔ \(version) را نمی‌شناسد"
        case .weakPassword(let problem): problem.persianDescription
        case .weakGenerationPIN(let problem): problem.persianDescription
        case .tokenExists(let card):
            "برای \(card) توکنی در این دستگاه هست و در بانک چیزی عوض نشد؛ آن را جایگزین یا نخست حذف کنید"
        case .noSuchToken(let card): "توکنی برای \(card) نیست"
        case .generationPINRequired: "برای دیدن رمز این توکن، رمز تولید آن لازم است"
        case .capNotPossible:
            "رمز با سقف مبلغ فقط برای توکن بانک است، با سقف ۱۰ تا ۹۹٬۰۰۰٬۰۰۰٬۰۰۰ ریال و اعتبار دست‌کم یک دقیقه"
        case .notTimeBased: "فقط حساب‌های زمان‌مبنا (totp) را می‌توان افزود"
        case .storage(let reason): "پروندهٔ گاوصندوق خوانده یا نوشته نشد (\(reason))"
        }
    }
}
