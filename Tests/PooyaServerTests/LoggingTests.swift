import Foundation
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
    @Test func noCardNumberCodeActivationPartKeyOrSeedIsEverLogged() async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.cards, .activate, .verify, .admin)
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "pooya") { _ in handler }
        logger.logLevel = .trace
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

/// Secrets learned inside the client closure, for checking after it.
final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []

    func add(_ secrets: [String]) { lock.withLock { values += secrets } }
    var secrets: [String] { lock.withLock { values } }
}
