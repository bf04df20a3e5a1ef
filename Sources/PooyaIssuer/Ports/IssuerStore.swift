/// Everything a store keeps about one card, loaded and saved in one transaction: the card, its tokens that are not
/// revoked, its open activation tickets, its latest issued codes, and the decision already given for a transaction
/// id. Rules change it in place and add ``events`` and ``outgoingSMS``; the store saves what changed, puts the
/// messages in the outbox and chains the events into the audit log, atomically.
public struct CardState: Sendable, Hashable {
    /// The card.
    public var card: Card
    /// Tokens not yet revoked (a token revoked during the change stays here, marked, so that it is saved).
    public var tokens: [Token]
    /// Tickets not yet closed (a ticket closed during the change stays here, marked).
    public var tickets: [ActivationTicket]
    /// The card's latest issued codes (SMS, USSD, gateway), newest first: at least the last ``IssuedCode``s of the
    /// past hour, as limits and replay checks need (a store loads the newest 32).
    public var issuedCodes: [IssuedCode]
    /// The decision recorded for the transaction id the change was asked with, if any; set it to record one.
    public var recordedDecision: RecordedDecision?
    /// Audit events to append, in order.
    public var events: [AuditEvent]
    /// SMS to put in the outbox with this change.
    public var outgoingSMS: [OutboxMessage]

    /// Collects the fields, as a store loads them.
    public init(
        card: Card,
        tokens: [Token],
        tickets: [ActivationTicket],
        issuedCodes: [IssuedCode] = [],
        recordedDecision: RecordedDecision?,
        events: [AuditEvent] = [],
        outgoingSMS: [OutboxMessage] = []
    ) {
        self.card = card
        self.tokens = tokens
        self.tickets = tickets
        self.issuedCodes = issuedCodes
        self.recordedDecision = recordedDecision
        self.events = events
        self.outgoingSMS = outgoingSMS
    }
}

/// Where the issuer keeps its state. Every method is atomic and durable when it returns.
///
/// The contract, checked for every store by the shared suite in `PooyaTesting`:
/// - ``withCard(_:transactionID:_:)`` runs `change` on the card's current state while no other change to that card
///   can run or commit (across threads, processes and, for a networked store, nodes), then saves exactly what
///   `change` changed with its audit events, or nothing at all if `change` throws;
/// - the audit log is append-only, numbered without gaps, each entry chained to the one before it;
/// - a change's ``CardState/outgoingSMS`` enter the outbox (``SMSOutbox``) in the change's transaction.
public protocol IssuerStore: SMSOutbox {
    /// Runs `change` on the state of the card with `fingerprint` (`nil` when no such card exists; set it to create
    /// one), with the decision recorded for `transactionID` loaded, and saves the result atomically.
    func withCard<Result: Sendable>(
        _ fingerprint: CardFingerprint,
        transactionID: String?,
        _ change: @escaping @Sendable (inout CardState?) throws -> Result
    ) async throws -> Result

    /// The fingerprint of the card with this id.
    func cardFingerprint(cardID: String) async throws -> CardFingerprint?

    /// The fingerprint of the card whose open or closed ticket has this lookup id.
    func cardFingerprint(ticketLookupID: String) async throws -> CardFingerprint?

    /// The fingerprint of the card a token belongs to.
    func cardFingerprint(tokenID: String) async throws -> CardFingerprint?

    /// The fingerprints of the cards registered to `mobile`, in the order they were registered.
    func cardFingerprints(mobile: MobileNumber) async throws -> [CardFingerprint]

    /// Appends events that concern no stored card (a handshake for an unknown ticket, say).
    func appendAudit(_ events: [AuditEvent]) async throws

    /// Up to `limit` audit entries after `sequence`, in order; only those of one card when `card` is given.
    func auditEntries(after sequence: Int64, limit: Int, card: CardFingerprint?) async throws -> [AuditEntry]
}
