import Foundation
import GRDB
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a backup was not written. A failed backup leaves nothing at its path.
public enum SQLiteBackupError: Error, Equatable, CustomStringConvertible {
    /// Something is at the path already; a backup never overwrites.
    case exists(String)
    /// The file, or its folder, could not be written.
    case cannotWrite(String)
    /// SQLite's integrity check of the copy found a fault: the source needs attention before it is backed up again.
    case copyFailedIntegrityCheck(String)
    /// There is no database file at the path.
    case noDatabase(String)

    /// What happened, naming the path.
    public var description: String {
        switch self {
        case .exists(let path): "\(path) exists already; a backup never overwrites a file"
        case .cannotWrite(let path): "cannot write \(path)"
        case .copyFailedIntegrityCheck(let result): "the copy failed SQLite's integrity check: \(result)"
        case .noDatabase(let path): "there is no database at \(path)"
        }
    }
}

extension SQLiteStore {
    /// Writes a consistent copy of the database to `path` while the service goes on changing it: SQLite's online
    /// backup, in one step inside one read transaction, so the copy is the database as of one commit, whatever still
    /// sits in the `-wal` file included. Copying `pooya.sqlite` itself would miss that.
    ///
    /// The copy is a single file (rollback journal, not WAL), mode 0600, checked with `PRAGMA integrity_check`,
    /// flushed to disk and only then renamed to `path`, so a failed or interrupted backup leaves no file there. It
    /// holds seeds and texts sealed under the master key, never the key itself.
    ///
    /// - Throws: ``SQLiteBackupError``, or GRDB's `DatabaseError`.
    public func backup(to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw SQLiteBackupError.exists(path) }
        let url = URL(fileURLWithPath: path)
        let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial").path
        try? FileManager.default.removeItem(atPath: partial)
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw SQLiteBackupError.cannotWrite(path) }
        do {
            let copy = try DatabaseQueue(path: partial)
            try await writer.read { source in
                try copy.writeWithoutTransaction { destination in
                    try source.backup(to: destination)
                    try destination.execute(sql: "PRAGMA journal_mode = DELETE")
                    let check = try String.fetchAll(destination, sql: "PRAGMA integrity_check").joined(separator: "; ")
                    guard check == "ok" else { throw SQLiteBackupError.copyFailedIntegrityCheck(check) }
                }
            }
            try copy.close()
            try Self.flush(partial)
            guard rename(partial, path) == 0 else { throw SQLiteBackupError.cannotWrite(path) }
            try Self.flush(url.deletingLastPathComponent().path)
        } catch {
            for leftover in [partial, partial + "-journal"] { try? FileManager.default.removeItem(atPath: leftover) }
            throw error
        }
    }

    /// A store over a backup (or any database file that exists), without switching it to WAL: for checking a copy,
    /// and for `pooya admin` to read one.
    ///
    /// - Throws: ``SQLiteBackupError/noDatabase(_:)`` when nothing is at `path`.
    public static func openCopy(at path: String) throws -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: path) else { throw SQLiteBackupError.noDatabase(path) }
        return try SQLiteStore(writer: DatabaseQueue(path: path, configuration: configuration()))
    }

    /// The number of registered cards.
    public func cardCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cards") ?? 0 }
    }

    /// fsync of a file or a folder, so a rename that follows is durable.
    private static func flush(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw SQLiteBackupError.cannotWrite(path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw SQLiteBackupError.cannotWrite(path) }
    }
}
