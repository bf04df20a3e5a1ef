import PooyaProtocol

/// The issuer's aggregate: everything kept about one card, loaded and saved in one transaction — the card, its
/// tokens that are not revoked, its open activation tickets, its latest issued codes, and the decision already given
/// for a transaction id. Its operations (the `CardState+…` files) apply the rules in `Rules/` to it in place, emit
/// typed ``events`` and ask for ``outgoingSMS``; the store saves what changed (``CardChanges``), puts the messages in
/// the outbox and chains the events into the audit trail, atomically.
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
    /// What the change did, in order.
    public var events: [DomainEvent]
    /// SMS to put in the outbox with this change.
    public var outgoingSMS: [OutboxMessage]

    /// Collects the fields, as a store loads them.
    public init(
        card: Card,
        tokens: [Token],
        tickets: [ActivationTicket],
        issuedCodes: [IssuedCode] = [],
        recordedDecision: RecordedDecision?,
        events: [DomainEvent] = [],
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

    /// The index of the card's current token of `kind`, if it has one.
    func activeToken(_ kind: PINKind) -> Int? {
        tokens.firstIndex { $0.kind == kind && $0.isActive }
    }

    /// Whether the card's dynamic second PIN is on for SMS and USSD codes: an app token of the second kind, or an
    /// activation completed without an app.
    var dynamicSecondPINActive: Bool {
        card.smsActivatedAt != nil || activeToken(.second) != nil
    }

    /// Appends an event about this card.
    mutating func record(_ fact: DomainEvent.Fact, at now: Int64) {
        events.append(DomainEvent(fact, card: card.fingerprint, time: now))
    }

    /// Names `actor` (when there is one) as who made every event recorded so far.
    mutating func attributeEvents(to actor: AuditActor?) {
        guard let actor else { return }
        for index in events.indices { events[index].actor = actor }
    }
}
