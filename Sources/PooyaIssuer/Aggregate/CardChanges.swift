/// What a store must write for one change of a ``CardState``, worked out once here so that every store writes the
/// same: the card when it is new or changed, each new or changed token, ticket and issued code, the messages for the
/// outbox, a newly recorded decision, and the audit entries in order.
public struct CardChanges: Sendable, Hashable {
    /// A change that would delete a card: cards are never deleted.
    public struct CardDeletion: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String { "cards are never deleted" }
    }

    /// The id of the card changed (`nil` for a change that left no card).
    public var cardID: String? = nil
    /// The card, when it is new or any of its fields changed.
    public var card: Card? = nil
    /// Whether the card did not exist before the change.
    public var cardIsNew: Bool = false
    /// Tokens that are new or changed.
    public var tokens: [Token] = []
    /// Tickets that are new or changed.
    public var tickets: [ActivationTicket] = []
    /// Issued codes that are new or changed.
    public var issuedCodes: [IssuedCode] = []
    /// Messages to put in the outbox.
    public var messages: [OutboxMessage] = []
    /// A decision recorded by this change.
    public var decision: RecordedDecision? = nil
    /// Audit entries to append, in order.
    public var auditEvents: [AuditEvent] = []

    /// The changes from `before` (`nil`: no such card) to `after`.
    ///
    /// - Throws: ``CardDeletion`` when `after` is `nil` but `before` is not.
    public init(from before: CardState?, to after: CardState?) throws(CardDeletion) {
        guard let after else {
            guard before == nil else { throw CardDeletion() }
            return
        }
        cardID = after.card.id
        card = before?.card == after.card ? nil : after.card
        cardIsNew = before == nil
        tokens = Self.changed(after.tokens, from: before?.tokens, id: \.id)
        tickets = Self.changed(after.tickets, from: before?.tickets, id: \.serial)
        issuedCodes = Self.changed(after.issuedCodes, from: before?.issuedCodes, id: \.id)
        messages = after.outgoingSMS
        decision = after.recordedDecision == before?.recordedDecision ? nil : after.recordedDecision
        auditEvents = after.events.map(\.audit)
    }

    private static func changed<Item: Hashable>(_ after: [Item], from before: [Item]?, id: (Item) -> String) -> [Item] {
        let old = Dictionary((before ?? []).map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
        return after.filter { old[id($0)] != $0 }
    }
}
