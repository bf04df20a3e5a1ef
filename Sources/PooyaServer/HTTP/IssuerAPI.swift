import Foundation
import PooyaAPI
public import PooyaIssuer

/// The API of openapi.yaml over the issuer: each operation authorizes, decodes into domain values, calls the
/// issuer and encodes the result. No rule lives here; errors are thrown and become problems in
/// ``ProblemMiddleware``.
public struct IssuerAPI: Sendable {
    let issuer: Issuer
    let clock: any WallClock
    let isReady: @Sendable () async -> Bool
    let limiters: RateLimiters
    let metrics: ServiceMetrics
    let ussd: USSDMenu
    let pages: PageSettings

    /// The API over `issuer`, whose events `metrics` count; `isReady` answers `/readyz` (the database reachable);
    /// `limits` are kept on a monotonic clock read from `monotonicSeconds`, or, for those that protect cardholders, in
    /// `sharedLimits` when several nodes share a store; USSD sessions' start times are kept in `ussdSessions`;
    /// `metrics` are counted and rendered at `/metrics`; `pages` says how pages are served and whether payment pages
    /// are made.
    public init(
        issuer: Issuer,
        clock: any WallClock,
        limits: RateLimits = RateLimits(),
        metrics: ServiceMetrics,
        monotonicSeconds: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds,
        sharedLimits: (any LimitBuckets)? = nil,
        ussdSessions: any USSDSessions = InMemoryUSSDSessions(),
        pages: PageSettings = PageSettings(),
        isReady: @escaping @Sendable () async -> Bool
    ) {
        self.issuer = issuer.observed(by: metrics)
        self.clock = clock
        self.isReady = isReady
        self.limiters = RateLimiters(limits, now: monotonicSeconds, shared: sharedLimits)
        self.metrics = metrics
        self.pages = pages
        self.ussd = USSDMenu(issuer: self.issuer, clock: clock, sessions: ussdSessions)
    }

    static func date(_ unixTime: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(unixTime)) }
}
