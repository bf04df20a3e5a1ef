/// Told of the events of every change the issuer committed, in order (the service's metrics count them). It is
/// called after the store's transaction, so an event it sees is in the audit trail; it must not block.
public protocol DomainEventObserver: Sendable {
    /// Takes the events of one committed change.
    func observe(_ events: [DomainEvent])
}
