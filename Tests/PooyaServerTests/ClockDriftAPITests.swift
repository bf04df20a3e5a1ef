import Foundation
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
import PooyaTesting
import Testing

/// The switch is told that a refused code came from a phone whose clock is off, and what to tell the cardholder.
struct ClockDriftAPITests {
    @Test(arguments: [
        (nil as String?, "ساعت گوشی شما حدود ۳ دقیقه عقب است؛ آن را روی «تنظیم خودکار» بگذارید و رمز تازه بگیرید"),
        ("en", "your phone's clock is about 3 min behind: set it to automatic and take a new code"),
    ])
    func aCodeFromAPhoneThreeMinutesBehindIsToldApart(language: String?, message: String) async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.cards, .activate, .verify)
        try await harness.withClient(key: key) { client, _ in
            try await harness.registerCard(client)
        }
        try await harness.withClient(key: key, language: language) { client, _ in
            let token = try await harness.provision(client)
            let behind = try TokenGenerator(seed: token.seed, parameters: token.parameters)
                .code(at: harness.clock.now() - 180)
            let decision = try await client.verifyPIN(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        code: behind,
                        kind: .second,
                        amount: 1,
                        merchantId: "m",
                        transactionId: "t"
                    )
                )
            ).ok.body.json
            #expect(decision.decision == .rejected && decision.reason == .clockDrift)
            #expect(decision.clockDriftSeconds == -180 && decision.attemptsLeft == 2)
            #expect(decision.message == message)
        }
    }
}
