extension Issuer {
    /// Records a gateway's delivery report for the outbox message with `messageID`, at the current time. The route
    /// needs no key, so a report for an id that is not one of ours costs a read at most, never a write transaction:
    /// an id not shaped like an outbox id (`sms_` and 32 hex digits) is not looked up at all.
    ///
    /// - Returns: whether such a message exists.
    public func recordDelivery(messageID: String, status: DeliveryStatus) async throws -> Bool {
        guard Self.isOutboxID(messageID), try await store.outboxMessage(id: messageID) != nil else { return false }
        return try await store.recordDelivery(messageID: messageID, status: status, at: clock.now())
    }

    /// Whether `id` has the shape ``newID(_:)`` gives outbox messages.
    static func isOutboxID(_ id: String) -> Bool {
        id.utf8.count == 36 && id.hasPrefix("sms_")
            && id.utf8.dropFirst(4).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
