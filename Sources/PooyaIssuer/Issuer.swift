import OneTimePassword
import PooyaProtocol

/// The issuer's rules: cards, activation, provisioning, verification and the audit trail, over the ports it is given.
///
/// Every change to a card runs as one ``IssuerStore/withCard(_:transactionID:_:)`` transaction, so the rules hold
/// under concurrency: a code is accepted at most once, and concurrent wrong codes never get more tries than the
/// policy allows.
public struct Issuer: Sendable {
    /// The rules' numbers.
    public let policy: IssuerPolicy
    /// The host named in the WebOTP line (`@host #code`) that ends a gateway's code SMS, so that the payment page on
    /// that host can fill the code in; `nil` leaves the line out.
    public let webOTPHost: WebOTPHost?
    /// The texts of the SMS it sends.
    public let templates: SMSTemplates
    private(set) var observer: (any DomainEventObserver)?
    let unknownActivations = UnknownActivationTally()
    let store: any IssuerStore
    let vault: any KeyVault
    let clock: any WallClock
    let random: any RandomSource

    /// Makes the issuer. SMS are not sent here: they go into the store's outbox with the change that asks for them,
    /// and an ``SMSDispatcher`` sends them.
    ///
    /// - Throws: ``IssuerError/unsafePolicy(_:)`` when the policy is outside its safe bounds, or a template of
    ///   `templates` lacks a field or does not fit its SMS parts; ``IssuerError/invalidRequest(_:)`` when
    ///   `webOTPHost` is not a host name.
    public init(
        policy: IssuerPolicy = IssuerPolicy(),
        store: any IssuerStore,
        vault: any KeyVault,
        clock: any WallClock = SystemClock(),
        random: any RandomSource = SystemRandomSource(),
        webOTPHost: String? = nil,
        templates: SMSTemplates = SMSTemplates(),
        observer: (any DomainEventObserver)? = nil
    ) throws(IssuerError) {
        self.templates = try templates.validated()
        self.observer = observer
        self.policy = try policy.validated()
        self.store = store
        self.vault = vault
        self.clock = clock
        self.random = random
        self.webOTPHost = try webOTPHost.map { host throws(IssuerError) in try WebOTPHost(host, field: "webOTPHost") }
    }

    /// This issuer, telling `observer` of the events of every change it commits (the service's metrics).
    public func observed(by observer: any DomainEventObserver) -> Issuer {
        var observed = self
        observed.observer = observer
        return observed
    }

    /// The card number with its keyed fingerprint, computed once per request: what limits and logs may name a card
    /// by, and what the requests to the issuer carry.
    ///
    /// - Throws: ``IssuerError/keyVault(_:)`` when the vault cannot make the fingerprint now.
    public func reference(to pan: PAN) throws(IssuerError) -> CardReference {
        do { return CardReference(pan: pan, fingerprint: try vault.fingerprint(of: pan)) } catch {
            throw .keyVault(error)
        }
    }

    /// Runs `change` on the state of the card with `fingerprint` in one store transaction and saves it — a refusal
    /// that the aggregate returned as a failure included, with the events it recorded, each naming
    /// ``AuditActor/current`` — then tells the observer what happened, and returns the value or throws the refusal.
    ///
    /// - Throws: `unknown` when there is no such card; whatever `change` throws (then nothing is saved).
    func change<Value: Sendable>(
        _ fingerprint: CardFingerprint,
        transactionID: String? = nil,
        ifUnknown unknown: IssuerError = .unknownCard,
        _ change: @escaping @Sendable (inout CardState) throws -> Result<Value, IssuerError>
    ) async throws -> Value {
        let actor = AuditActor.current  // read here: the store may run the change on a thread of its own
        let (outcome, events) = try await store.withCard(fingerprint, transactionID: transactionID) { state in
            guard var current = state else { throw unknown }
            let outcome = try change(&current)
            current.attributeEvents(to: actor)
            state = current
            return (outcome, current.events)
        }
        observer?.observe(events)
        return try outcome.get()
    }

    /// A new opaque id: `prefix_` and 32 random hex digits.
    func newID(_ prefix: String) -> String {
        "\(prefix)_" + Hex.encode(random.bytes(16))
    }

    /// An outbox message with `text` sealed under the master key, due at once.
    func outboxMessage(
        to mobile: MobileNumber,
        cardID: String?,
        purpose: SMSMessage.Purpose,
        text: String,
        now: Int64,
        expiresAt: Int64
    ) throws(IssuerError) -> OutboxMessage {
        let id = newID("sms")
        return OutboxMessage(
            id: id,
            cardID: cardID,
            to: mobile,
            purpose: purpose,
            sealedText: try seal(Array(text.utf8), context: "sms:\(id)"),
            createdAt: now,
            expiresAt: expiresAt
        )
    }

    func seal(_ secret: [UInt8], context: String) throws(IssuerError) -> SealedSecret {
        do { return try vault.seal(secret, context: context) } catch { throw .keyVault(error) }
    }

    func open(_ sealed: SealedSecret, context: String) throws(IssuerError) -> [UInt8] {
        do { return try vault.open(sealed, context: context) } catch { throw .keyVault(error) }
    }
}
