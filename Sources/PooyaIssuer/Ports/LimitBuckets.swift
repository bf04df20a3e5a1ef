/// Token buckets every node of a service shares, for the limits that protect cardholders (verifications and
/// activations per card, handshakes per address, inbound SMS per sender): with several nodes behind a load balancer,
/// a limit holds for the service as a whole, not once per node. Times come from the store's own clock, so nodes whose
/// clocks differ still agree.
public protocol LimitBuckets: Sendable {
    /// Takes one request from the bucket of `key` in `scope`, which holds `capacity` requests and refills evenly over
    /// `window` seconds.
    ///
    /// - Returns: `nil` when the request is allowed (and counted), or the whole seconds, at least 1, until one would be.
    func take(_ key: String, scope: String, capacity: Int, window: Double) async throws -> Int?
}
