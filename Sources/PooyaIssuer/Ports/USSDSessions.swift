/// When each USSD session started, wherever its steps arrive: an operator's gateway may send a session's steps to
/// any node, and the session's time-out must count from its first step on whichever node saw it.
public protocol USSDSessions: Sendable {
    /// When `session` started: `now` for a session not seen before (which is then recorded), else its recorded start.
    func start(_ session: String, at now: Int64) async throws -> Int64
}
