public import OneTimePassword
public import PooyaProtocol

/// The issuer's rules, with safe bounds: ``validated()`` refuses values outside them, so a service never starts with
/// an unsafe policy.
public struct IssuerPolicy: Sendable, Hashable {
    /// How the codes of one PIN kind are made and checked.
    public struct CodePolicy: Sendable, Hashable {
        /// Digits per code.
        public var digits: Int
        /// Seconds per step.
        public var period: Int64
        /// The HMAC hash of new tokens.
        public var algorithm: OTPAlgorithm
        /// Steps accepted before and after the current one.
        public var window: StepWindow

        /// Collects the fields.
        public init(digits: Int, period: Int64 = 60, algorithm: OTPAlgorithm = .sha1, window: StepWindow = .init()) {
            self.digits = digits
            self.period = period
            self.algorithm = algorithm
            self.window = window
        }
    }

    /// Second PIN: 7 digits every 60 s, one step back accepted (a code lives at most 120 s).
    public var secondPIN = CodePolicy(digits: 7)
    /// First PIN: 4 digits (ATM keypads) every 60 s, one step back accepted.
    public var firstPIN = CodePolicy(digits: 4)
    /// Wrong codes in a row that lock the card's dynamic PIN of that kind.
    public var failuresBeforeLock = 3
    /// How long an activation ticket stays usable, in seconds.
    public var activationLifetime: Int64 = 24 * 3600
    /// Handshakes with a wrong activation code a ticket tolerates.
    public var activationAttempts = 5
    /// How long a code sent by SMS or shown by USSD stays valid, in seconds (the payment page's countdown).
    public var issuedCodeLifetime: Int64 = 120
    /// Codes (SMS, USSD, gateway) one card may be sent in a minute.
    public var issuedCodesPerMinute = 2
    /// Codes (SMS, USSD, gateway) one card may be sent in an hour.
    public var issuedCodesPerHour = 10

    /// Whether new tokens may be carried to another device in the cardholder's encrypted backup; off by default,
    /// so a token lives on the device that was activated.
    public var tokensExportable = false

    /// Steps on either side of an app code's window in which a right code is told apart as the phone's clock being
    /// off (`clock_drift`) rather than wrong; 0 tells none apart. At most 30 (half an hour at 60 s steps).
    public var clockDriftSteps = 10
    /// Whether two codes in a row off by the same number of steps teach the token that offset.
    public var clockResync = true

    /// The largest payment, in rials, for which the static second PIN is still allowed once the dynamic one is
    /// active; 0 (the default) allows it for none. At most 1,000,000, what the Central Bank once allowed.
    public var staticSecondPINMaxAmount: Int64 = 0

    /// Whether SMS and USSD codes and gateway challenges wait for the card's dynamic second PIN to be activated (by
    /// an app token, or an activation completed without an app); refused with `not_activated` until then.
    public var smsCodesNeedActivation = true

    /// Seconds a verification's signed receipt may be presented to the issuer or checked by the switch, 60–3600: long
    /// enough for the payment's authorisation, short enough that a retired signing key leaves the key set soon.
    public var receiptLifetime: Int64 = 600
    /// The issuer receipts name as their signer (`iss`): the bank's name or host, 1–64 printable ASCII characters.
    public var receiptIssuer = "pooya"
    /// Seconds a page's address (the internet bank's activation page, a payment page) may be opened, 60–3600: long
    /// enough to read it and type a code, short enough that a copied address is soon worth nothing.
    public var pageLifetime: Int64 = 900

    /// The defaults: the numbers in docs/domain.
    public init() {}

    /// The code policy of a kind.
    public func codes(for kind: PINKind) -> CodePolicy {
        kind == .second ? secondPIN : firstPIN
    }

    /// How many digits a code of `kind` may have under any safe policy: 7–8 for the second PIN (the Central Bank's
    /// floor is 7), 4–8 for the first (ATM keypads take 4).
    public static func safeDigits(for kind: PINKind) -> ClosedRange<Int> {
        kind == .second ? 7...8 : 4...8
    }

    /// This policy, if every value is within its safe bounds.
    ///
    /// - Throws: ``IssuerError/unsafePolicy(_:)`` naming the first value out of bounds.
    public func validated() throws(IssuerError) -> IssuerPolicy {
        try Self.check(secondPIN, name: "second PIN", digits: Self.safeDigits(for: .second))
        try Self.check(firstPIN, name: "first PIN", digits: Self.safeDigits(for: .first))
        guard (3...5).contains(failuresBeforeLock) else {
            throw .unsafePolicy(
                "failures before lock must be 3 to 5 (PSD2 allows at most 5), not \(failuresBeforeLock)"
            )
        }
        guard (3600...72 * 3600).contains(activationLifetime) else {
            throw .unsafePolicy("the activation lifetime must be 1 to 72 hours, not \(activationLifetime) s")
        }
        guard (1...10).contains(activationAttempts) else {
            throw .unsafePolicy("activation attempts must be 1 to 10, not \(activationAttempts)")
        }
        guard (60...300).contains(issuedCodeLifetime) else {
            throw .unsafePolicy("SMS and USSD codes must live 60 to 300 seconds, not \(issuedCodeLifetime)")
        }
        guard (60...3600).contains(pageLifetime) else {
            throw .unsafePolicy("a page's address must live 1 to 60 minutes, not \(pageLifetime) s")
        }
        guard (0...30).contains(clockDriftSteps) else {
            throw .unsafePolicy("the clock drift told apart must be 0 to 30 steps, not \(clockDriftSteps)")
        }
        guard (0...1_000_000).contains(staticSecondPINMaxAmount) else {
            throw .unsafePolicy(
                "the static second PIN may be allowed up to 0 to 1,000,000 rials, not \(staticSecondPINMaxAmount)"
            )
        }
        guard (1...5).contains(issuedCodesPerMinute), (issuedCodesPerMinute...30).contains(issuedCodesPerHour) else {
            throw .unsafePolicy("a card may be sent 1 to 5 codes a minute and at most 30 an hour")
        }
        guard (60...3600).contains(receiptLifetime) else {
            throw .unsafePolicy("receipts must live 60 to 3600 seconds, not \(receiptLifetime)")
        }
        guard (1...64).contains(receiptIssuer.utf8.count), receiptIssuer.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        else { throw .unsafePolicy("the receipts' issuer must be 1 to 64 printable ASCII characters without spaces") }
        return self
    }

    private static func check(_ policy: CodePolicy, name: String, digits: ClosedRange<Int>) throws(IssuerError) {
        guard digits.contains(policy.digits) else {
            throw .unsafePolicy("\(name) codes must have \(digits.lowerBound) to \(digits.upperBound) digits")
        }
        guard (30...120).contains(policy.period) else {
            throw .unsafePolicy("\(name) codes must change every 30 to 120 seconds, not \(policy.period)")
        }
        guard policy.window.ahead <= 1, Int64(policy.window.behind + 1) * policy.period <= 120 else {
            throw .unsafePolicy("a \(name) code may live at most 120 s (the Central Bank's cap), with one step ahead")
        }
    }
}
