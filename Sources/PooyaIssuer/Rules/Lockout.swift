/// After ``limit`` wrong codes in a row, a card's dynamic PIN of that kind is locked: every code is refused until a
/// new activation or an audited unlock by bank staff. A right code resets the count. One count per card and kind
/// covers every channel the wrong codes came through.
public struct Lockout: Sendable, Hashable {
    /// Wrong codes in a row that lock (the policy's `failuresBeforeLock`, 3 to 5).
    public let limit: Int

    /// The rule for `limit` failures.
    public init(limit: Int) { self.limit = limit }

    /// Wrong codes still tolerated before the lock; 0 once locked.
    public func attemptsLeft(_ lock: PINLock) -> Int {
        lock.isLocked ? 0 : max(0, limit - lock.failures)
    }

    /// Counts a wrong code at `now`.
    ///
    /// - Returns: whether this wrong code locked the PIN.
    @discardableResult
    public func countFailure(_ lock: inout PINLock, now: Int64) -> Bool {
        lock.failures += 1
        guard !lock.isLocked, lock.failures >= limit else { return false }
        lock.lockedAt = now
        return true
    }

    /// Counts a right code: the count starts again.
    public func countSuccess(_ lock: inout PINLock) {
        lock.failures = 0
    }

    /// Lifts the lock and clears the count (a new activation, or an audited unlock).
    public func release(_ lock: inout PINLock) {
        lock = PINLock()
    }
}
