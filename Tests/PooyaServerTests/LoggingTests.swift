import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import InMemoryLogging
import Logging
import OneTimePassword
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
import PooyaTesting
import Testing

/// Everything the service logs during a cardholder's story, at trace level, holds no secret.
struct LoggingTests {
    /// A logger at trace level that keeps what it is given.
    static func traceLogger() -> (Logger, InMemoryLogHandler) {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "pooya") { _ in handler }
        logger.logLevel = .trace
        return (logger, handler)
    }

    @Test func noCardNumberCodeActivationPartKeyOrSeedIsEverLogged() async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.cards, .activate, .verify, .admin)
        let (logger, handler) = Self.traceLogger()
        let seen = Seen()
        try await harness.withClient(key: key, live: true, logger: logger) { client, raw in
            try await harness.registerCard(client)
            let token = try await harness.provision(client)
            let code = try TokenGenerator(seed: token.seed, parameters: token.parameters).code(at: harness.clock.now())
            for transaction in ["t1", "t2"] {
                _ = try await client.verifyPIN(
                    body: .json(
                        .init(
                            pan: ServerHarness.pan,
                            code: code,
                            kind: .second,
                            amount: 1,
                            merchantId: "m",
                            transactionId: transaction
                        )
                    )
                )
            }
            _ = try await client.registerCard(body: .json(.init(pan: "6104337800000019", mobile: ServerHarness.mobile)))
            seen.add([
                ServerHarness.pan, code, key, Hex.encode(token.seed), Data(token.seed).base64EncodedString(),
                try await harness.smsPart().grouped, try await harness.smsPart().digits, "6104337800000019",
            ])
            _ = raw
        }
        let logged = handler.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(logged.contains("/v1/verifications"), "requests are logged")
        for secret in seen.secrets { #expect(!logged.contains(secret), "a secret reached the log") }
    }
}

extension LoggingTests {
    @Test func aCardNumberTypedIntoAPathOrQueryIsNeverLogged() async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.cards, .activate, .verify, .admin)
        let (logger, handler) = Self.traceLogger()
        let pan = "6104337800000018"
        try await harness.withClient(key: key, live: true, logger: logger) { _, raw in
            let requests: [(HTTPRequest.Method, String)] = [
                (.get, "/v1/cards/\(pan)"), (.post, "/v1/cards/\(pan)/unlock"), (.post, "/v1/cards/\(pan)/suspend"),
                (.delete, "/v1/tokens/\(pan)"), (.post, "/v1/activations/\(pan)/confirm"), (.get, "/v1/no/\(pan)"),
                (.get, "/v1/audit?cardId=\(pan)"), (.put, "/v1/cards/\(pan)"), (.get, "/\(pan)"),
                (.get, "/v1/cards/6104-3378-0000-0018"),
                (.get, "/v1/cards/%36%31%30%34%33%33%37%38%30%30%30%30%30%30%31%38"),
            ]
            for (method, path) in requests {
                _ = try await raw.executeRequest(
                    uri: path,
                    method: method,
                    headers: [.authorization: "Bearer \(key)", .contentType: "application/json"],
                    body: ByteBuffer(string: "{}")
                )
            }
        }
        let logged = handler.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(logged.contains("/v1/cards/{cardId}"), "requests are logged by their route template")
        for secret in [pan, "78000000", "6104-3378", "%36%31%30"] {
            #expect(!logged.contains(secret), "the card number reached the log: \(logged)")
        }
    }
}

extension LoggingTests {
    @Test func anonymousRefusalsAreCountedNotLoggedOneLineEachAtInfo() async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.cards)
        let (logger, handler) = Self.traceLogger()
        try await harness.withClient(live: true, logger: logger) { client, raw in
            for _ in 0..<50 {
                let id = "sms_" + String(repeating: "0", count: 32)
                _ = try await client.receiveDeliveryReport(query: .init(message: id, status: 1)).notFound
                _ = try await raw.executeRequest(uri: "/v1/cards/lookup", method: .post, headers: [:], body: nil)
            }
            _ = try await raw.executeRequest(
                uri: "/v1/cards/lookup",
                method: .post,
                headers: [.authorization: "Bearer \(key)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"pan": "6104337800000018"}"#)
            )
        }
        let requests = handler.entries.filter { $0.message.description == "Request" }
        #expect(requests.filter { $0.level == .debug }.count == 100, "anonymous refusals at debug")
        let atInfo = requests.filter { $0.level == .info }
        #expect(atInfo.count == 1, "\(atInfo)")
        #expect(atInfo.first?.metadata["http.status"] == "404", "a keyed request's refusal stays at info")
    }
}

/// Secrets learned inside the client closure, for checking after it.
final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []

    func add(_ secrets: [String]) { lock.withLock { values += secrets } }
    var secrets: [String] { lock.withLock { values } }
}
