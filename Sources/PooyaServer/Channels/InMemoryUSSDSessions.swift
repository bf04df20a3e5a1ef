public import PooyaIssuer
import Synchronization

/// USSD sessions' start times in this node's memory: enough for one node, or for a gateway that keeps each session on
/// one node. Sessions past an hour are forgotten once more than 10,000 are held.
public final class InMemoryUSSDSessions: USSDSessions {
    private let sessions = Mutex<[String: Int64]>([:])

    /// No session yet.
    public init() {}

    /// When `session` started: `now` for a session not seen before.
    public func start(_ session: String, at now: Int64) -> Int64 {
        sessions.withLock { sessions in
            if sessions.count > 10_000 { sessions = sessions.filter { $0.value + 3600 > now } }
            if let start = sessions[session] { return start }
            sessions[session] = now
            return now
        }
    }
}
