import Foundation
import HummingbirdTesting
import Logging
import PooyaServer
import PooyaTesting
import Testing

/// Idle, slow and too many clients cannot hold the service: each connection must bring its request in time, and
/// one connection too many is refused with a problem at once, so the service goes on answering.
@Suite(.timeLimit(.minutes(1)))
struct SlowClientTests {
    private static func settings(timeout: Duration) -> ServerSettings {
        var settings = ServerSettings(port: 0)
        settings.management.port = 0
        settings.connections.maximumConnections = 4
        settings.connections.headerTimeout = timeout
        settings.connections.bodyTimeout = timeout
        settings.connections.idleTimeout = timeout
        return settings
    }

    private static let time = Array("GET /v1/time HTTP/1.1\r\nHost: pooya\r\nConnection: close\r\n\r\n".utf8)

    /// Runs `body` with the port of the whole service (its connection limits included, every timeout `timeout`)
    /// listening on loopback.
    private static func withService(timeout: Duration = .seconds(1), _ body: @Sendable (Int) async throws -> Void)
        async throws
    {
        let harness = try ServerHarness()
        let app = try buildApplication(
            api: harness.api,
            keys: harness.keys,
            settings: settings(timeout: timeout),
            logger: Logger(label: "pooya-tests")
        )
        try await app.test(.live) { client in try await body(try #require(client.port)) }
    }

    @Test func oneConnectionTooManyIsRefusedAtOnceAndIdleOnesAreClosed() async throws {
        // Timeouts of 5 s: the four idle connections must still be open when the fifth comes, on a busy machine too.
        try await Self.withService(timeout: .seconds(5)) { port in
            var idle: [RawConnection] = []
            for _ in 0..<4 { idle.append(try await RawConnection(port: port)) }
            try await Task.sleep(for: .milliseconds(200))  // the server has taken them in
            let refused = try await RawHTTP.exchange(port: port, Self.time)
            #expect(refused.hasPrefix("HTTP/1.1 503 "), "\(refused)")
            #expect(refused.contains(#""code":"too_many_connections""#) && refused.contains("Retry-After: 1"))
            // The idle connections are closed by the service once their request is late (or were refused at once,
            // when the test framework's own connection took a place), and it answers again.
            for connection in idle {
                let answer = await connection.answer(within: .seconds(10))
                #expect(answer == "" || answer.hasPrefix("HTTP/1.1 503 "), "closed without an answer: \(answer)")
            }
            #expect(try await RawHTTP.exchange(port: port, Self.time).hasPrefix("HTTP/1.1 200 "))
        }
    }

    @Test func aHalfSentHeadOrBodyIsClosedWhenLate() async throws {
        try await Self.withService { port in
            let head = "POST /v1/cards HTTP/1.1\r\nHost: pooya\r\nContent-Type: application/json\r\n"
            let halfHead = try await RawHTTP.exchange(port: port, Array(head.utf8), limit: .seconds(10))
            #expect(halfHead == "", "\(halfHead)")
            let halfBody = try await RawHTTP.exchange(
                port: port,
                Array((head + "Content-Length: 100\r\n\r\n{\"pan\": ").utf8),
                limit: .seconds(10)
            )
            #expect(halfBody == "", "\(halfBody)")
            // A slow client that trickles its head a byte at a time is closed too.
            let trickle = try await RawConnection(port: port)
            for byte in Array(head.utf8).prefix(15) {
                try? await trickle.send([byte])
                try await Task.sleep(for: .milliseconds(100))
            }
            let trickled = await trickle.answer(within: .seconds(10))
            #expect(trickled == "", "\(trickled)")
            #expect(try await RawHTTP.exchange(port: port, Self.time).hasPrefix("HTTP/1.1 200 "))
        }
    }

    @Test func aKeptAliveConnectionThatAsksInTimeStaysOpenPastTheTimeoutAndClosesWhenIdle() async throws {
        try await Self.withService { port in
            let connection = try await RawConnection(port: port)
            let keepAlive = Array("GET /v1/time HTTP/1.1\r\nHost: pooya\r\n\r\n".utf8)
            for _ in 0..<6 {  // 2.4 s of requests 0.4 s apart, each within the 1-s limits
                try? await connection.send(keepAlive)
                try await Task.sleep(for: .milliseconds(400))
            }
            let answers = await connection.answer(within: .seconds(10))
            #expect(answers.components(separatedBy: "HTTP/1.1 200 ").count - 1 == 6, "\(answers)")
        }
    }
}
