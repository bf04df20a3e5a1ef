import Foundation

/// The time, for codes, expiries and audit entries: Unix seconds. Injected, so tests control it.
public protocol WallClock: Sendable {
    /// Now, in whole seconds since 1970-01-01 UTC.
    func now() -> Int64
}

/// The system's real-time clock.
public struct SystemClock: WallClock {
    /// Makes the clock.
    public init() {}

    /// Now, rounded down to the second.
    public func now() -> Int64 {
        Int64(Date().timeIntervalSince1970.rounded(.down))
    }
}
