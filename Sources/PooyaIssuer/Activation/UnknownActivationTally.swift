import Synchronization

/// Handshakes that name no open activation, remembered per source address so that an anonymous client cannot grow
/// the audit trail at will: the first such handshake from an address in an interval is audited, with the address;
/// the others of that interval are only counted in the metrics. They change nothing, and every state change is still
/// audited.
///
/// Per node, in memory: with several nodes each writes at most one entry per address per interval. At most
/// ``capacity`` addresses are remembered; past that (a flood from that many addresses within one interval) further
/// new addresses are counted in the metrics only.
final class UnknownActivationTally: Sendable {
    /// Seconds during which an address's handshakes after its first are not audited again.
    let interval: Int64
    /// The most addresses remembered at once.
    static let capacity = 100_000
    private let firstSeen = Mutex<[String: Int64]>([:])

    init(interval: Int64 = 600) {
        self.interval = interval
    }

    /// Whether a handshake from `source` at `now` is its first in the current interval, and so to be audited.
    func isFirst(from source: String, at now: Int64) -> Bool {
        firstSeen.withLock { seen in
            if let since = seen[source], now - since < interval { return false }
            if seen[source] == nil, seen.count >= Self.capacity {
                seen = seen.filter { now - $0.value < interval }
                guard seen.count < Self.capacity else { return false }
            }
            seen[source] = now
            return true
        }
    }
}
