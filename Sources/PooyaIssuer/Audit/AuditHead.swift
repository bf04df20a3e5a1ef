/// Where one audit chain ends: its last entry's place and hash.
public struct AuditHead: Sendable, Hashable, Codable {
    /// The chain.
    public var chain: Int
    /// Its last entry's sequence (0 for a chain with no entry yet).
    public var sequence: Int64
    /// Its last entry's hash.
    public var hash: String

    /// Collects the fields.
    public init(chain: Int, sequence: Int64, hash: String) {
        self.chain = chain
        self.sequence = sequence
        self.hash = hash
    }
}
