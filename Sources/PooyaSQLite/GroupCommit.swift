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
                        let result = try Self.inSavepoint(db) { try change(db) }
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

    /// Runs `change` in a savepoint of the group's transaction, rolled back alone when it throws. The savepoint's
    /// statements are prepared once (GRDB's `inSavepoint` compiles them again for every change). A change that left
    /// the transaction aborted (a full disk) cannot be rolled back alone: then the group's commit fails, and every
    /// change in it with that error, as GRDB refuses any statement in an aborted transaction.
    private static func inSavepoint<Result>(_ db: Database, _ change: () throws -> Result) throws -> Result {
        try db.cachedStatement(sql: "SAVEPOINT pooya_change").execute()
        do {
            let result = try change()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT pooya_change").execute()
            return result
        } catch {
            try? db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT pooya_change").execute()
            try? db.cachedStatement(sql: "RELEASE SAVEPOINT pooya_change").execute()
            throw error
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
