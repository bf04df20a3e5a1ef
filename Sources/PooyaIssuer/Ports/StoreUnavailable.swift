/// A store that cannot be reached now (its database server down, restarting or out of connections): nothing was
/// changed, and the request may be sent again. The description names what failed, never a value from the request or
/// a password.
public struct StoreUnavailable: Error, Sendable, CustomStringConvertible {
    /// What failed, for the log.
    public let description: String

    /// Names what failed.
    public init(_ description: String) {
        self.description = description
    }
}
