import HTTPTypes
import Synchronization

/// Token buckets by key: each key may make `capacity` requests at once and regains them evenly over `window`
/// seconds. In memory, per node: with several nodes each enforces its own share.
public final class RateLimiter: Sendable {
    /// A limit: so many requests per so many seconds.
    public struct Limit: Sendable, Hashable {
        /// Requests allowed in a full bucket.
        public var capacity: Int
        /// Seconds to refill an empty bucket.
        public var window: Double

        /// `capacity` requests per `window` seconds.
        public init(_ capacity: Int, per window: Double) {
            self.capacity = capacity
            self.window = window
        }
    }

    private struct Bucket {
        var tokens: Double
        var updatedAt: Double
    }

    private let limit: Limit
    private let now: @Sendable () -> Double
    private let buckets = Mutex<[String: Bucket]>([:])

    /// A limiter for `limit`, reading a monotonic clock in seconds from `now`.
    public init(_ limit: Limit, now: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds) {
        self.limit = limit
        self.now = now
    }

    /// Takes one request for `key`; returns `nil` if allowed, or the whole seconds to wait before the next one is.
    public func acquire(_ key: String) -> Int? {
        let time = now()
        let rate = Double(limit.capacity) / limit.window
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: Double(limit.capacity), updatedAt: time)
            bucket.tokens = min(Double(limit.capacity), bucket.tokens + (time - bucket.updatedAt) * rate)
            bucket.updatedAt = time
            defer {
                buckets[key] = bucket
                if buckets.count > 100_000 { Self.dropFull(&buckets, capacity: limit.capacity) }
            }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }

    /// Forgets buckets that are full again, so memory stays bounded by the keys active within a window.
    private static func dropFull(_ buckets: inout [String: Bucket], capacity: Int) {
        buckets = buckets.filter { $0.value.tokens < Double(capacity) }
    }

    /// Seconds on a monotonic clock.
    public static let monotonicSeconds: @Sendable () -> Double = {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
    private static let start = ContinuousClock.now
}

/// The service's limits, with defaults.
public struct RateLimits: Sendable {
    /// Per client key, over every operation: a leaked key cannot flood the service.
    public var perClientKey = RateLimiter.Limit(100_000, per: 60)
    /// Per source address, on `POST /v1/token-offers` and `POST /v1/tokens` (which need no key): a bound against
    /// floods, high enough for the many phones a carrier's NAT puts behind one address. Guessing is limited by each
    /// ticket's own attempt budget.
    public var perAddressOnHandshake = RateLimiter.Limit(300, per: 60)
    /// Per card, on verifications.
    public var perCardVerifications = RateLimiter.Limit(30, per: 60)
    /// Per card, on activations (each sends an SMS).
    public var perCardActivations = RateLimiter.Limit(5, per: 3600)
    /// Per sender, on inbound SMS (each is answered by SMS, even when it matches no card).
    public var perSenderInboundSMS = RateLimiter.Limit(10, per: 3600)

    /// The defaults.
    public init() {}
}

/// The limiters of one service, made from its ``RateLimits``.
struct RateLimiters: Sendable {
    let clientKey: RateLimiter
    let handshakeAddress: RateLimiter
    let cardVerifications: RateLimiter
    let cardActivations: RateLimiter
    let inboundSender: RateLimiter

    init(_ limits: RateLimits, now: @escaping @Sendable () -> Double) {
        clientKey = RateLimiter(limits.perClientKey, now: now)
        handshakeAddress = RateLimiter(limits.perAddressOnHandshake, now: now)
        cardVerifications = RateLimiter(limits.perCardVerifications, now: now)
        cardActivations = RateLimiter(limits.perCardActivations, now: now)
        inboundSender = RateLimiter(limits.perSenderInboundSMS, now: now)
    }

    /// Throws 429 when `limiter` refuses `key`.
    static func check(_ limiter: RateLimiter, _ key: String) throws {
        if let wait = limiter.acquire(key) { throw Problem.rateLimited(retryAfter: wait) }
    }
}

extension Problem {
    /// 429, with the seconds to wait.
    static func rateLimited(retryAfter: Int) -> Problem {
        Problem(
            .tooManyRequests,
            code: "rate_limited",
            title: ("Too many requests", "درخواست‌ها بیش از حد مجاز"),
            detail: ("try again in \(retryAfter) seconds", "\(retryAfter) ثانیهٔ دیگر دوباره تلاش کنید"),
            retryAfter: retryAfter
        )
    }
}
