public import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Synchronization

/// A real Kannel on loopback, in a temporary folder: bearerbox, smsbox and the fake SMSC (`fakesmsc`) that prints
/// every message it receives. It can be stopped and started again on the same ports, as an operator would restart it.
public final class KannelHarness: Sendable {
    static let bearerbox = "/usr/sbin/bearerbox"
    static let smsbox = "/usr/sbin/smsbox"
    static let fakesmsc = "/usr/lib/kannel/test/fakesmsc"
    /// Whether bearerbox, smsbox and fakesmsc are installed.
    public static var isInstalled: Bool {
        [bearerbox, smsbox, fakesmsc].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    let folder: TemporaryFolder
    /// smsbox's `sendsms` URL; its user is `pooya`, password `CHANGE-ME`.
    public let sendsmsURL: URL
    private let config: URL
    private let smscPort: Int
    private let running = Mutex<[RunningProgram]>([])
    /// Every fake SMSC started, in order: what each printed makes up what was received.
    private let fakeSMSCs = Mutex<[RunningProgram]>([])

    /// Writes the configuration: exactly the `kannel.conf` block of docs/channels.md, with this harness's ports,
    /// folder, the Pooya service at `pooyaURL` (its `sms-service` passes every message the fake SMSC sends in to
    /// that service's inbound route with `channelsKey`) and, as the included `smsc.conf`, the fake SMSC. ``start()``
    /// starts the processes. The `sendsms` user is `pooya` with the documented password `CHANGE-ME`.
    public init(pooyaURL: String = "http://127.0.0.1:9", channelsKey: String = "none") throws {
        folder = try TemporaryFolder()
        let base = Int.random(in: 20_000...50_000)
        let (admin, boxes, sendsms) = (base, base + 1, base + 3)
        smscPort = base + 2
        sendsmsURL = URL(string: "http://127.0.0.1:\(sendsms)/cgi-bin/sendsms")!
        config = folder.url.appendingPathComponent("kannel.conf")
        let smsc = folder.url.appendingPathComponent("smsc.conf")
        try """
        group = smsc
        smsc = fake
        smsc-id = fake1
        port = \(smscPort)
        connect-allow-ip = 127.0.0.1

        """.write(to: smsc, atomically: true, encoding: .utf8)
        let replacements = [
            ("13000", "\(admin)"), ("13001", "\(boxes)"), ("13013", "\(sendsms)"),
            ("/var/log/kannel", folder.url.path), ("/etc/kannel/smsc.conf", smsc.path),
            ("http://127.0.0.1:8080", pooyaURL), ("CHANNELS-KEY", channelsKey),
        ]
        let documented = try Self.documentedConfiguration()
        try replacements.reduce(documented) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
            .write(to: config, atomically: true, encoding: .utf8)
    }

    /// The block after the `<!-- kannel.conf` marker in docs/channels.md.
    static func documentedConfiguration() throws -> String {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/channels.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        guard
            let marker = text.range(of: "<!-- kannel.conf"),
            let open = text.range(of: "```\n", range: marker.upperBound..<text.endIndex),
            let close = text.range(of: "\n```", range: open.upperBound..<text.endIndex)
        else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSDebugDescriptionErrorKey: "no kannel.conf block"])
        }
        return String(text[open.upperBound..<close.lowerBound]) + "\n"
    }

    /// Starts bearerbox, smsbox and the fake SMSC, and waits until smsbox answers and the SMSC is connected.
    public func start() async throws {
        try launch(Self.bearerbox, [config.path])
        try await Task.sleep(for: .milliseconds(500))
        try launch(Self.smsbox, [config.path])
        let fake = try RunningProgram(
            URL(fileURLWithPath: Self.fakesmsc),
            ["-H", "127.0.0.1", "-r", "\(smscPort)"],
            standardInput: .pipe
        )
        running.withLock { $0.append(fake) }
        fakeSMSCs.withLock { $0.append(fake) }
        try await waitUntilReady()
    }

    /// Stops every Kannel process: SIGTERM, then SIGKILL for what still runs two seconds later (bearerbox's graceful
    /// shutdown can wait for its boxes).
    public func stop() async {
        let programs = running.withLock { programs in
            defer { programs = [] }
            return programs
        }
        for program in programs { await program.stop() }
    }

    /// Waits until smsbox answers `sendsms` (a wrong password gets 403 once it is up), for up to 30 s: on a machine
    /// busy with the other tests' builds and servers, Kannel's boxes have taken more than 10 s to come up.
    private func waitUntilReady() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            var request = URLRequest(
                url: URL(string: sendsmsURL.absoluteString + "?username=x&password=x&to=1&text=x")!
            )
            request.timeoutInterval = 1
            if let (_, response) = try? await URLSession.shared.data(for: request),
                (response as? HTTPURLResponse)?.statusCode == 403
            {
                try await Task.sleep(for: .milliseconds(500))  // the fake SMSC may still be connecting
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CocoaError(.fileReadUnknown, userInfo: [NSDebugDescriptionErrorKey: "Kannel did not start"])
    }

    /// The messages the fake SMSC received: sender, recipient and text, long messages reassembled from their parts.
    public func received() -> [(from: String, to: String, text: String)] {
        let log = fakeSMSCs.withLock { $0.map { $0.standardOutput + $0.standardError }.joined() }  // it logs to stderr
        var messages: [(String, String, String)] = []
        var parts: [String: [Int: Data]] = [:]
        for match in log.matches(of: /Got message [0-9]+: <(\S+) (\S+) (ucs-2|udh) (.*)>/) {
            let (from, to, type, rest) = (
                String(match.output.1), String(match.output.2), match.output.3, match.output.4
            )
            if type == "ucs-2" {
                messages.append((from, to, Self.ucs2(Self.urlDecoded(rest))))
                continue
            }
            // udh <header> data <payload>: a concatenation header is 05 00 03 ref total seq.
            let pieces = rest.split(separator: " ")
            guard pieces.count == 3 else { continue }
            let header = Self.urlDecoded(pieces[0])
            guard header.count == 6 else { continue }
            let key = "\(from) \(to) \(header[3])"
            parts[key, default: [:]][Int(header[5])] = Self.urlDecoded(pieces[2])
            if parts[key]?.count == Int(header[4]), let complete = parts[key] {
                let data = complete.keys.sorted().reduce(Data()) { $0 + (complete[$1] ?? Data()) }
                messages.append((from, to, Self.ucs2(data)))
                parts[key] = nil
            }
        }
        return messages
    }

    /// The end of smsbox's and bearerbox's logs, for a failing test's message.
    public func logs() -> String {
        ["bearerbox.log", "smsbox.log"].map { name in
            let text = (try? String(contentsOf: folder.url.appendingPathComponent(name), encoding: .utf8)) ?? ""
            return "\(name):\n" + text.split(separator: "\n").suffix(40).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Has the fake SMSC send in a message from `from` to `to` (digits only): as GSM text when `text` is ASCII,
    /// otherwise as UCS-2, as a Persian keyboard sends it.
    public func sendIn(from: String, to: String, text: String) throws {
        guard let fake = fakeSMSCs.withLock({ $0.last }) else { return }
        if text.allSatisfy(\.isASCII) {
            try fake.write("\(from) \(to) text \(text)\n")
        } else {
            let bytes = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            try fake.write("\(from) \(to) ucs2 \(bytes.map { String(format: "%%%02X", $0) }.joined())\n")
        }
    }

    private func launch(_ path: String, _ arguments: [String]) throws {
        let program = try RunningProgram(URL(fileURLWithPath: path), arguments)
        running.withLock { $0.append(program) }
    }

    private static func urlDecoded(_ text: some StringProtocol) -> Data {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                let high = iterator.next().flatMap { Character(Unicode.Scalar($0)).hexDigitValue } ?? 0
                let low = iterator.next().flatMap { Character(Unicode.Scalar($0)).hexDigitValue } ?? 0
                bytes.append(UInt8(high << 4 | low))
            default: bytes.append(byte)
            }
        }
        return Data(bytes)
    }

    private static func ucs2(_ data: Data) -> String {
        String(data: data, encoding: .utf16BigEndian) ?? ""
    }
}
