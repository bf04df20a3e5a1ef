import GRDB
import Synchronization

/// Copies committed pages from the write-ahead log into the database file on a connection of its own, every
/// ``interval``, so that the writer does not: a checkpoint writes pages all over the database file and syncs it, and
/// on the writer every change waiting behind it waits for that too.
///
/// Passive checkpoints never wait for the writer or a reader, and change nothing a transaction can see; durability
/// is the commit's own (`synchronous = FULL` on the WAL). The writer keeps SQLite's own checkpoint at
/// ``SQLiteStore/writerCheckpointPages`` as a bound on the log: when it comes, most pages before it are already in
/// the file, so it has little left to copy, and the log starts over. A checkpoint that fails here (a full disk) is
/// left to that one.
final class WALCheckpointer: Sendable {
    /// How often the log is copied.
    static let interval = Duration.milliseconds(50)

    private let connection: Connection
    private let task: Task<Void, Never>

    /// The checkpointer's own connection, closed when the checkpointer is released rather than whenever its task
    /// next wakes: a store released and opened again at once (a test, a command after the service) must not find the
    /// file held by this connection's closing.
    private final class Connection: Sendable {
        let queue: Mutex<DatabaseQueue?>

        init(_ queue: DatabaseQueue) {
            self.queue = Mutex(queue)
        }
    }

    /// Starts checkpointing the database at `path`, until this is released.
    init(path: String) throws {
        let connection = Connection(try DatabaseQueue(path: path))
        self.connection = connection
        task = Task.detached(priority: .utility) {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                guard let queue = connection.queue.withLock({ $0 }) else { return }
                _ = try? await queue.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            }
        }
    }

    deinit {
        task.cancel()
        connection.queue.withLock { $0 = nil }
    }
}
