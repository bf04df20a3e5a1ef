public import PooyaIssuer
import Synchronization

/// An SMS sender that keeps what it is given, so tests can read an activation SMS as a cardholder would.
public final class RecordingSMSSender: SMSSender {
    /// The error a failing sender throws.
    public struct GatewayDown: Error {}

    private let state = Mutex<(messages: [SMSMessage], failing: Bool)>(([], false))

    /// A sender that accepts every message.
    public init() {}

    /// Keeps `message`, or throws ``GatewayDown`` while failing.
    public func send(_ message: SMSMessage) async throws {
        try state.withLock { state in
            if state.failing { throw GatewayDown() }
            state.messages.append(message)
        }
    }

    /// Every message accepted so far.
    public var messages: [SMSMessage] { state.withLock { $0.messages } }

    /// Makes the sender fail (`true`) or accept (`false`) from now on.
    public func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
}
