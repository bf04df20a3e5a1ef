extension Issuer {
    /// Records a gateway's delivery report for the outbox message with `messageID`, at the current time.
    ///
    /// - Returns: whether such a message exists.
    public func recordDelivery(messageID: String, status: DeliveryStatus) async throws -> Bool {
        try await store.recordDelivery(messageID: messageID, status: status, at: clock.now())
    }
}
