import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `log.format = text`, the default: one line per event on standard error, laid out as swift-log's own handler lays
/// it out, so what reads those lines reads these — `2026-12-08T00:10:05+0330 info pooya: hb.request.method=POST …
/// [PooyaServer] Request`: the time in the machine's zone, the metadata sorted by key, the source, the message.
///
/// It costs a request less than swift-log's: each line is made in one string and written with one `write(2)`, and
/// the time's text is made once a second, not for every line (swift-log's `strftime` makes glibc look at
/// `/etc/localtime` again each time). What is logged is what the JSON format logs: never a card number, code, key or
/// body.
struct TextLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String
    private let output: @Sendable (String) -> Void

    /// A handler writing to standard error, or to `output` (which is given each line, its newline included).
    init(label: String, output: @escaping @Sendable (String) -> Void = TextLogHandler.standardError) {
        self.label = label
        self.output = output
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let explicit = event.metadata { fields.merge(explicit) { $1 } }
        if let error = event.error {
            fields["error.message"] = "\(error)"
            fields["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var line = Self.clock.text(of: time(nil))
        line.reserveCapacity(line.utf8.count + 64 + fields.count * 32)
        line += label.isEmpty ? " \(event.level):" : " \(event.level) \(label):"
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(value)"
        }
        line += " [\(event.source)] \(event.message)\n"
        output(line)
    }

    private static let clock = SecondText()

    /// Writes `line` to standard error in one piece: whole lines, never two threads' lines mixed.
    static let standardError: @Sendable (String) -> Void = { line in
        var line = line
        line.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            writing.withLock { _ in
                var written = 0
                while written < bytes.count {
                    let count = write(STDERR_FILENO, base + written, bytes.count - written)
                    if count > 0 {
                        written += count
                    } else if count < 0 && errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
        }
    }

    private static let writing = Mutex(())
}

/// The text of a second as `%Y-%m-%dT%H:%M:%S%z` in the machine's zone, made again only when the second changes.
private final class SecondText: Sendable {
    private let last = Mutex<(second: time_t, text: String)>((-1, ""))

    func text(of second: time_t) -> String {
        if let text = last.withLock({ $0.second == second ? $0.text : nil }) { return text }
        let text = Self.format(second)
        last.withLock { $0 = (second, text) }
        return text
    }

    private static func format(_ second: time_t) -> String {
        var second = second
        var parts = tm()
        guard localtime_r(&second, &parts) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
