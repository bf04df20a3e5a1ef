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
    let capacity: Int
    private let remembered = Mutex(Remembered())

    private struct Remembered {
        var firstSeen: [String: Int64] = [:]
        /// Before this time no remembered address's interval is over, so a full tally has nothing to forget: a
        /// flood of new addresses is not answered with a sweep of all of them each.
        var nothingExpiresBefore = Int64.min
    }

    init(interval: Int64 = 600, capacity: Int = 100_000) {
        self.interval = interval
        self.capacity = capacity
    }

    /// Whether a handshake from `source` at `now` is its first in the current interval, and so to be audited.
    func isFirst(from source: String, at now: Int64) -> Bool {
        remembered.withLock { remembered in
            if let since = remembered.firstSeen[source], now - since < interval { return false }
            if remembered.firstSeen[source] == nil, remembered.firstSeen.count >= capacity {
                guard now >= remembered.nothingExpiresBefore else { return false }
                remembered.firstSeen = remembered.firstSeen.filter { now - $0.value < interval }
                remembered.nothingExpiresBefore = (remembered.firstSeen.values.min() ?? now) + interval
                guard remembered.firstSeen.count < capacity else { return false }
            }
            remembered.firstSeen[source] = now
            return true
        }
    }
}
