import Foundation
import Logging
@testable import PooyaCLI
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The default log format keeps swift-log's layout, so what reads `pooya serve`'s lines reads them still.
struct TextLogHandlerTests {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "the gateway did not answer" }
    }

    @Test func aLineIsTheTimeTheLevelTheLabelTheSortedMetadataTheSourceAndTheMessage() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "pooya") { label in
            TextLogHandler(label: label) { line in lines.withLock { $0.append(line) } }
        }
        logger[metadataKey: "hb.request.id"] = "42"
        let before = time(nil)
        logger.info("Request", metadata: ["http.status": "200", "a.first": "x"], source: "PooyaServer")
        logger.warning("Dispatch", error: Unavailable(), source: "PooyaSMS")
        let after = time(nil)
        logger.logLevel = .notice
        logger.info("not at this level")

        let written = lines.withLock { $0 }
        try #require(written.count == 2)
        let stamp = String(written[0].prefix { $0 != " " })
        #expect(Set([before, after].map(Self.foundationText)).contains(stamp), "\(stamp)")
        #expect(
            written[0].dropFirst(stamp.count)
                == " info pooya: a.first=x hb.request.id=42 http.status=200 [PooyaServer] Request\n"
        )
        #expect(
            written[1].drop { $0 != " " }
                == """
                 warning pooya: error.message=the gateway did not answer \
                error.type=PooyaCLITests.TextLogHandlerTests.Unavailable hb.request.id=42 [PooyaSMS] Dispatch

                """
        )
    }

    @Test func aLineWithoutALabelHasNoSpaceForIt() throws {
        let lines = Mutex<[String]>([])
        let logger = Logger(label: "") { label in
            TextLogHandler(label: label) { line in lines.withLock { $0.append(line) } }
        }
        logger.error("stopped", source: "PooyaCLI")
        let line = try #require(lines.withLock { $0.first })
        #expect(line.drop { $0 != " " } == " error: [PooyaCLI] stopped\n")
    }

    /// The second's text as `%Y-%m-%dT%H:%M:%S%z` in the machine's zone, by Foundation's formatter.
    private static func foundationText(_ second: time_t) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .current
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssZ"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(second)))
    }
}
