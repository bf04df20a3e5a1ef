public import PooyaProtocol

/// Why the issuer refused a request. Each case has a stable ``code`` for APIs, and a message without secrets.
public enum IssuerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The card number is malformed.
    case invalidPAN(String)
    /// The mobile number is malformed.
    case invalidMobile(String)
    /// No card with this number is registered.
    case unknownCard
    /// The mobile given is not the one registered for the card: the cardholder must correct it at a branch.
    case mobileMismatch
    /// The bank has blocked the card.
    case cardBlocked
    /// No open activation matches the code given.
    case activationNotFound
    /// The activation's time ran out: start again at the ATM, internet bank or branch.
    case activationExpired
    /// The activation was already used, replaced by a newer one, or ran out of attempts.
    case activationClosed
    /// The activation code does not match; `attemptsLeft` more tries remain for this activation.
    case activationCodeMismatch(attemptsLeft: Int)
    /// The handshake message is malformed.
    case malformedHandshake(String)
    /// The transaction id was already used for a different request.
    case transactionIDReused
    /// No token with this id exists.
    case unknownToken
    /// A value of the policy is outside its safe bounds.
    case unsafePolicy(String)
    /// An amount is negative or a field is empty.
    case invalidRequest(String)
    /// The presented code cannot be a code of this kind (``CodeFormat``): not digits, or a length no code has.
    case malformedCode(PINKind)
    /// The merchant name a gateway sent breaks ``MerchantName``'s rule.
    case invalidMerchantName(MerchantName.Problem)
    /// A sealed secret could not be opened or made.
    case keyVault(KeyVaultError)
    /// The bank does not offer codes by this channel (SMS or USSD) for the card.
    case codesNotOffered
    /// Too many wrong codes locked the card's dynamic second PIN: a new activation unlocks it.
    case codesLocked
    /// The card's dynamic second PIN is not activated yet (no app token, no activation without an app), and the
    /// policy sends SMS and USSD codes only after one.
    case notActivated
    /// The cardholder suspended the card's dynamic PINs: a new activation lifts it.
    case cardSuspended
    /// A dynamic first PIN needs the authenticator app: only a second PIN can be activated without one.
    case appRequired
    /// The card was sent as many codes as its limits allow; another may be asked for after `retryAfter` seconds.
    case tooManyCodes(retryAfter: Int64)
    /// A PIN block could not be read, and why; nothing was counted.
    case pinBlock(PINBlockFault)
    /// No page is at this address: it was mistyped, made under a key no longer in the vault, or never made.
    case pageNotFound
    /// The page's address outlived its time: ask the bank or the merchant for a new one.
    case pageExpired

    /// A stable, machine-readable code.
    public var code: String {
        switch self {
        case .invalidPAN: "invalid_pan"
        case .invalidMobile: "invalid_mobile"
        case .unknownCard: "unknown_card"
        case .mobileMismatch: "mobile_mismatch"
        case .cardBlocked: "card_blocked"
        case .activationNotFound: "activation_not_found"
        case .activationExpired: "activation_expired"
        case .activationClosed: "activation_closed"
        case .activationCodeMismatch: "activation_code_mismatch"
        case .malformedHandshake: "malformed_handshake"
        case .transactionIDReused: "transaction_id_reused"
        case .unknownToken: "unknown_token"
        case .unsafePolicy: "unsafe_policy"
        case .invalidRequest: "invalid_request"
        case .invalidMerchantName: "invalid_merchant_name"
        case .malformedCode: "malformed_code"
        case .keyVault: "key_vault"
        case .codesNotOffered: "codes_not_offered"
        case .codesLocked: "codes_locked"
        case .tooManyCodes: "too_many_codes"
        case .notActivated: "not_activated"
        case .cardSuspended: "card_suspended"
        case .appRequired: "app_required"
        case .pinBlock(let fault): fault.rawValue
        case .pageNotFound: "page_not_found"
        case .pageExpired: "page_expired"
        }
    }

    /// A message in English; never a card number, code or activation part.
    public var description: String {
        switch self {
        case .invalidPAN(let reason), .invalidMobile(let reason), .malformedHandshake(let reason),
            .unsafePolicy(let reason), .invalidRequest(let reason):
            reason
        case .unknownCard: "no card with this number is registered for dynamic PINs"
        case .mobileMismatch:
            "this mobile number is not the one registered for the card; correct it at a branch"
        case .cardBlocked: "the card is blocked"
        case .activationNotFound: "the activation code is not right: no open activation matches it"
        case .activationExpired: "the activation has expired; start again at an ATM, the internet bank or a branch"
        case .activationClosed: "this activation was already used, replaced or exhausted"
        case .activationCodeMismatch(let left): "the activation code does not match; \(left) attempts left"
        case .transactionIDReused: "the transaction id was already used for a different request"
        case .unknownToken: "no such token"
        case .keyVault(let error): error.description
        case .invalidMerchantName(let problem): problem.description
        case .malformedCode(let kind):
            "code: a \(kind.rawValue) PIN code has \(IssuerPolicy.safeDigits(for: kind).lowerBound) to "
                + "\(IssuerPolicy.safeDigits(for: kind).upperBound) digits (or \(CappedCode.length) for an amount-capped code)"
        case .codesNotOffered: "the bank does not offer codes by this channel for this card"
        case .codesLocked: "too many wrong codes locked the dynamic PIN; activate it again"
        case .tooManyCodes(let seconds): "too many codes were asked for this card; try again in \(seconds) s"
        case .notActivated: "the dynamic second PIN is not activated for this card; activate it first"
        case .cardSuspended: "the card's dynamic PINs are suspended; activate them again"
        case .appRequired: "a dynamic first PIN needs the authenticator app"
        case .pinBlock(let fault): fault.description
        case .pageNotFound: "no page is at this address"
        case .pageExpired: "this page's address has expired; ask for a new one"
        }
    }
}
