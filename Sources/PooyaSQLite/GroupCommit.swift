import GRDB
import Synchronization

/// Group commit: changes that arrive while a transaction is being written are run together in the next one, each in
/// its own savepoint, so they share one durable commit (one fsync) instead of paying for one each.
///
/// Each change still sees the changes before it (they run one after another in the same transaction), a change that
/// throws is rolled back alone, and no caller hears of its result before the transaction holding it has committed;
/// if the commit fails, every change in it fails with that error.
final class GroupCommit: Sendable {
    private struct Job: Sendable {
        /// Runs the change in a savepoint; returns how to tell the caller, once the transaction has committed.
        let run: @Sendable (Database) -> @Sendable () -> Void
        /// Tells the caller the transaction failed.
        let fail: @Sendable (any Error) -> Void
    }

    private let writer: any DatabaseWriter
    private let queue = Mutex<(jobs: [Job], flushing: Bool)>(([], false))

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Runs `change` in the next group transaction and returns its result once that transaction has committed.
    func write<Result: Sendable>(_ change: @escaping @Sendable (Database) throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let job = Job(
                run: { db in
                    do {
                        var result: Result?
                        try db.inSavepoint {
                            result = try change(db)
                            return .commit
                        }
                        guard let result else {
                            return { continuation.resume(throwing: DatabaseError(resultCode: .SQLITE_MISUSE)) }
                        }
                        return { continuation.resume(returning: result) }
                    } catch {
                        return { continuation.resume(throwing: error) }
                    }
                },
                fail: { continuation.resume(throwing: $0) }
            )
            let startFlushing = queue.withLock { queue in
                queue.jobs.append(job)
                defer { queue.flushing = true }
                return !queue.flushing
            }
            if startFlushing {
                Task { await self.flush() }
            }
        }
    }

    /// Writes batches until no job is waiting.
    private func flush() async {
        while true {
            let jobs = queue.withLock { queue in
                let jobs = queue.jobs
                queue.jobs = []
                if jobs.isEmpty { queue.flushing = false }
                return jobs
            }
            guard !jobs.isEmpty else { return }
            do {
                let resumptions = try await writer.write { db in jobs.map { $0.run(db) } }
                for resume in resumptions { resume() }
            } catch {
                for job in jobs { job.fail(error) }
            }
        }
    }
}
