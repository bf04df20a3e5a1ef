import HTTPTypes
import PooyaIssuer
import Synchronization

/// Token buckets by key: each key may make `capacity` requests at once and regains them evenly over `window`
/// seconds. In memory, per node: with several nodes each enforces its own share (``SharedLimiter`` holds a limit for
/// the whole service).
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

    private struct Buckets {
        var byKey: [String: Bucket] = [:]
        /// Past this many buckets, the next request sweeps out the full ones.
        var sweepAbove = RateLimiter.sweepThreshold
    }

    /// How many buckets are kept before the first sweep of the full ones.
    public static let sweepThreshold = 100_000

    private let limit: Limit
    private let now: @Sendable () -> Double
    private let buckets = Mutex(Buckets())

    /// A limiter for `limit`, reading a monotonic clock in seconds from `now`.
    public init(_ limit: Limit, now: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds) {
        self.limit = limit
        self.now = now
    }

    /// How many keys it holds a bucket for: those that made a request within about a window, once it has swept.
    public var rememberedKeys: Int { buckets.withLock { $0.byKey.count } }

    /// Takes one request for `key`; returns `nil` if allowed, or the whole seconds to wait before the next one is.
    public func acquire(_ key: String) -> Int? {
        let time = now()
        let rate = Double(limit.capacity) / limit.window
        return buckets.withLock { buckets in
            var bucket = buckets.byKey[key] ?? Bucket(tokens: Double(limit.capacity), updatedAt: time)
            bucket.tokens = min(Double(limit.capacity), bucket.tokens + (time - bucket.updatedAt) * rate)
            bucket.updatedAt = time
            defer {
                buckets.byKey[key] = bucket
                if buckets.byKey.count > buckets.sweepAbove { sweep(&buckets, at: time, rate: rate) }
            }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }

    /// Forgets the buckets that have refilled by `time` (a key that comes back starts full, as it would be), so
    /// memory stays bounded by the keys active within a window. The next sweep waits until the buckets have doubled,
    /// so that when most keys are active, requests do not each pay for a sweep that frees nothing.
    private func sweep(_ buckets: inout Buckets, at time: Double, rate: Double) {
        let capacity = Double(limit.capacity)
        buckets.byKey = buckets.byKey.filter { $0.value.tokens + (time - $0.value.updatedAt) * rate < capacity }
        buckets.sweepAbove = max(Self.sweepThreshold, buckets.byKey.count * 2)
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

/// The limiters of one service, made from its ``RateLimits``. The limits that protect cardholders are shared by every
/// node when the store offers shared buckets (PostgreSQL); the client keys' throughput limit stays per node.
struct RateLimiters: Sendable {
    let clientKey: RateLimiter
    let handshakeAddress: any RequestLimiter
    let cardVerifications: any RequestLimiter
    let cardActivations: any RequestLimiter
    let inboundSender: any RequestLimiter

    init(_ limits: RateLimits, now: @escaping @Sendable () -> Double, shared: (any LimitBuckets)?) {
        func limiter(_ limit: RateLimiter.Limit, scope: String) -> any RequestLimiter {
            if let shared {
                SharedLimiter(buckets: shared, scope: scope, limit: limit)
            } else {
                RateLimiter(limit, now: now)
            }
        }
        clientKey = RateLimiter(limits.perClientKey, now: now)
        handshakeAddress = limiter(limits.perAddressOnHandshake, scope: "handshake-address")
        cardVerifications = limiter(limits.perCardVerifications, scope: "card-verifications")
        cardActivations = limiter(limits.perCardActivations, scope: "card-activations")
        inboundSender = limiter(limits.perSenderInboundSMS, scope: "inbound-sender")
    }

    /// Throws 429 when `limiter` refuses `key`.
    static func check(_ limiter: any RequestLimiter, _ key: String) async throws {
        if let wait = try await limiter.take(key) { throw Problem.rateLimited(retryAfter: wait) }
    }
}

/// A limit on requests by key, wherever its buckets are kept.
protocol RequestLimiter: Sendable {
    /// Takes one request for `key`; `nil` if allowed, or the whole seconds to wait before the next one is.
    func take(_ key: String) async throws -> Int?
}

extension RateLimiter: RequestLimiter {
    func take(_ key: String) -> Int? { acquire(key) }
}

/// A limit whose buckets every node shares (``PooyaIssuer/LimitBuckets``), under a scope of its own.
struct SharedLimiter: RequestLimiter {
    let buckets: any LimitBuckets
    let scope: String
    let limit: RateLimiter.Limit

    func take(_ key: String) async throws -> Int? {
        try await buckets.take(key, scope: scope, capacity: limit.capacity, window: limit.window)
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
