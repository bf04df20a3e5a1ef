/// Where outbox messages wait. Messages are added with a card's change (``CardState/outgoingSMS``) or on their own
/// (``enqueue(_:)``); the ``SMSDispatcher`` claims and updates them. Every method is atomic and durable when it
/// returns.
public protocol SMSOutbox: Sendable {
    /// Adds messages that concern no card change (a neutral answer to an unknown sender).
    func enqueue(_ messages: [OutboxMessage]) async throws

    /// Claims up to `limit` queued messages due at `now`, oldest first, leasing each until `leaseUntil` so that no
    /// other dispatcher (another node) takes it meanwhile; a dispatcher that dies mid-send leaves it to be retried then.
    func claimDue(now: Int64, leaseUntil: Int64, limit: Int) async throws -> [OutboxMessage]

    /// Saves a claimed message after a try: its status, attempts, next try and error.
    func update(_ message: OutboxMessage) async throws

    /// Records a delivery report for the message with `id`, unless it would replace a final report with a
    /// non-final one.
    ///
    /// - Returns: whether such a message exists.
    func recordDelivery(messageID: String, status: DeliveryStatus, at time: Int64) async throws -> Bool

    /// The message with `id`, for administrators and tests.
    func outboxMessage(id: String) async throws -> OutboxMessage?

    /// The newest `limit` messages, newest first, for administrators: every card's, or only those to the card with id
    /// `cardID`.
    func recentOutboxMessages(limit: Int, cardID: String?) async throws -> [OutboxMessage]

    /// How many messages are in each status, for metrics.
    func outboxCounts() async throws -> [OutboxStatus: Int]
}

extension SMSOutbox {
    /// The newest `limit` messages of every card, newest first.
    public func recentOutboxMessages(limit: Int) async throws -> [OutboxMessage] {
        try await recentOutboxMessages(limit: limit, cardID: nil)
    }
}
