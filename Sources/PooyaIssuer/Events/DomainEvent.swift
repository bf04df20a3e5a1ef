public import PooyaProtocol

/// Something that happened to a card (or, for a few, to no card), as the aggregate and the issuer emit it. The store
/// chains each into the audit trail (``audit``) in the change's transaction; a ``DomainEventObserver`` (the service's
/// metrics) sees them once the change is committed. No event holds a card number, code, seed or activation part.
public struct DomainEvent: Sendable, Hashable {
    /// What happened.
    public enum Fact: Sendable, Hashable {
        /// A card was registered.
        case cardRegistered
        /// A card's options changed.
        case cardUpdated
        /// A card's registered mobile changed (its open activations were closed).
        case mobileChanged
        /// An activation began; its SMS part is in the outbox.
        case activationStarted(PINKind, ActivationChannel, serial: String)
        /// An open activation was closed by a newer one, or by a change of the registered mobile.
        case activationSuperseded(PINKind, serial: String)
        /// An activation step was refused (mobile mismatch, blocked card, wrong or expired code…).
        case activationRejected(PINKind?, AuditChannel, AuditReason)
        /// An activation was completed without an app: SMS and USSD codes are on.
        case activationConfirmed(PINKind, ActivationChannel)
        /// An authenticator's token was made.
        case tokenProvisioned(PINKind, ActivationChannel, token: String)
        /// A token stopped being the card's current one.
        case tokenRevoked(PINKind, token: String, TokenRevocation, AuditChannel?)
        /// Too many wrong codes in a row locked the card's dynamic PIN of this kind.
        case pinLocked(PINKind, failures: Int, token: String?)
        /// Bank staff lifted the lock of the card's dynamic PIN of this kind.
        case pinUnlocked(PINKind, AuditChannel)
        /// The static second PIN is refused from now on.
        case staticPINDisabled
        /// A code was made and sent (SMS) or shown (USSD).
        case codeIssued(IssuedCode.Channel)
        /// A request for a code was refused.
        case codeRefused(IssuedCode.Channel, AuditReason)
        /// A verification was decided (through the token when one is named); an approval names its receipt's digest.
        case verified(PINKind, VerificationDecision, token: String?, receipt: String? = nil)
        /// A verification's receipt, with this digest, was presented and redeemed.
        case receiptRedeemed(PINKind, receipt: String)
        /// A verification's receipt, with this digest, was presented again after it was redeemed.
        case receiptPresentedAgain(PINKind, receipt: String)
        /// The cardholder suspended the card's dynamic PINs.
        case cardSuspended(AuditChannel)
        /// An open activation's SMS part was sent again (staff, at the cardholder's request).
        case activationSMSResent(PINKind, serial: String)
    }

    /// What happened.
    public var fact: Fact
    /// The card concerned, if any.
    public var card: CardFingerprint?
    /// When (Unix seconds).
    public var time: Int64
    /// Who acted (``AuditActor/current`` when the change was asked for).
    public var actor: AuditActor?

    /// Collects the fields.
    public init(_ fact: Fact, card: CardFingerprint?, time: Int64, actor: AuditActor? = nil) {
        self.fact = fact
        self.card = card
        self.time = time
        self.actor = actor
    }
}
