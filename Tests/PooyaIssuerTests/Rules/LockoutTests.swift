@testable import PooyaIssuer
import Testing

struct LockoutTests {
    let lockout = Lockout(limit: 3)

    @Test func theThirdWrongCodeInARowLocksAndOnlyThatOneSaysSo() {
        var lock = PINLock()
        #expect(!lockout.countFailure(&lock, now: 10))
        #expect(lockout.attemptsLeft(lock) == 2)
        #expect(!lockout.countFailure(&lock, now: 11))
        #expect(lockout.countFailure(&lock, now: 12), "the third one locks")
        #expect(lock == PINLock(failures: 3, lockedAt: 12))
        #expect(lockout.attemptsLeft(lock) == 0)
        #expect(!lockout.countFailure(&lock, now: 13), "a locked PIN is not locked again")
        #expect(lock.lockedAt == 12)
    }

    @Test func aRightCodeStartsTheCountAgainButNeverUnlocks() {
        var lock = PINLock(failures: 2)
        lockout.countSuccess(&lock)
        #expect(lock == PINLock())
        var locked = PINLock(failures: 3, lockedAt: 5)
        lockout.countSuccess(&locked)
        #expect(locked.isLocked)
    }

    @Test func aReleaseClearsTheLockAndTheCount() {
        var lock = PINLock(failures: 4, lockedAt: 5)
        lockout.release(&lock)
        #expect(lock == PINLock() && lockout.attemptsLeft(lock) == 3)
    }

    @Test(arguments: [3, 4, 5])
    func theLimitIsThePolicys(limit: Int) {
        let rule = Lockout(limit: limit)
        var lock = PINLock()
        let locks = (0..<limit).map { rule.countFailure(&lock, now: Int64($0)) }
        #expect(locks == Array(repeating: false, count: limit - 1) + [true])
    }
}
