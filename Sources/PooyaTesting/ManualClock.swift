public import PooyaIssuer
import Synchronization

/// A clock that stands still until told to move, for tests of expiry, windows and lockout.
public final class ManualClock: WallClock {
    private let time: Mutex<Int64>

    /// A clock reading `time` (Unix seconds); the default is 2025-03-21 12:00:00 UTC (Nowruz 1404).
    public init(_ time: Int64 = 1_742_558_400) {
        self.time = Mutex(time)
    }

    /// The time it reads.
    public func now() -> Int64 { time.withLock { $0 } }

    /// Moves it forward by `seconds`.
    public func advance(by seconds: Int64) { time.withLock { $0 += seconds } }
}
