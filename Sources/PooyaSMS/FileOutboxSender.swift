import Foundation
public import PooyaIssuer
import Synchronization

/// The development SMS gateway: every message is appended as one JSON line (`to`, `text`, `createdAt`) to a file,
/// such as `<data>/sms-outbox.jsonl`, so a person can follow an activation by hand (`pooya admin sms tail`).
///
/// The file holds activation parts in clear: it is for development only, created with mode 0600.
public final class FileOutboxSender: SMSSender {
    /// One line of the outbox.
    public struct Line: Codable, Sendable, Equatable {
        /// The recipient, E.164.
        public var to: String
        /// The text.
        public var text: String
        /// When it was written, ISO 8601 UTC.
        public var createdAt: String
    }

    private let url: URL
    private let clock: any WallClock
    private let lock = Mutex(())

    /// An outbox at `path`, created when the first message arrives.
    public init(path: String, clock: any WallClock = SystemClock()) {
        url = URL(fileURLWithPath: path)
        self.clock = clock
    }

    /// Appends `message` as one line, flushed before returning.
    public func send(_ message: SMSMessage) async throws {
        let created = Date(timeIntervalSince1970: TimeInterval(clock.now())).formatted(.iso8601)
        let line = Line(to: message.to.e164, text: message.text, createdAt: created)
        let data = try JSONEncoder().encode(line) + Data("\n".utf8)
        try lock.withLock { _ in
            if !FileManager.default.fileExists(atPath: url.path),
                !FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
            {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
            try handle.synchronize()
        }
    }

    /// Every line of the outbox at `path`, oldest first; empty when it does not exist yet.
    public static func lines(at path: String) throws -> [Line] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(Line.self, from: Data($0)) }
    }
}
