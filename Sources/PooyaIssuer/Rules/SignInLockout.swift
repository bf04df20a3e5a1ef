/// A member of staff who fails to sign in (a wrong password or code) five times in a row cannot try again for 15
/// minutes, whatever they type; a sign-in that succeeds starts the count again.
enum SignInLockout {
    /// Failures in a row that lock.
    static let failuresBeforeLock = 5
    /// Seconds the lock lasts.
    static let lockSeconds: Int64 = 15 * 60

    /// Whether `member` is locked at `now`.
    static func isLocked(_ member: StaffMember, now: Int64) -> Bool {
        (member.lockedUntil ?? .min) > now
    }

    /// Counts a failure at `now`; returns whether it locked the member.
    static func fail(_ member: inout StaffMember, now: Int64) -> Bool {
        member.failedSignIns += 1
        guard member.failedSignIns >= failuresBeforeLock else { return false }
        member.failedSignIns = 0
        member.lockedUntil = now + lockSeconds
        return true
    }

    /// Starts the count again after a sign-in.
    static func succeed(_ member: inout StaffMember) {
        member.failedSignIns = 0
        member.lockedUntil = nil
    }
}
