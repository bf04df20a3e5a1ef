import Foundation
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
import PooyaServer
import PooyaTesting
import Testing

struct RateLimitTests {
    @Test func aClientKeyOverItsLimitIsToldWhenToComeBack() async throws {
        var limits = RateLimits()
        limits.perClientKey = .init(3, per: 60)
        let harness = try ServerHarness(limits: limits)
        try await harness.withClient(key: try await harness.key(.cards)) { client, _ in
            for _ in 0..<3 { _ = try await client.lookupCard(body: .json(.init(pan: ServerHarness.pan))).notFound }
            let refused = try await client.lookupCard(body: .json(.init(pan: ServerHarness.pan))).tooManyRequests
            #expect(refused.headers.retryAfter == 20)
            #expect(try refused.body.applicationProblemJson.code == "rate_limited")
            harness.clock.advance(by: 20)
            _ = try await client.lookupCard(body: .json(.init(pan: ServerHarness.pan))).notFound
        }
    }

    @Test func aCardOverItsVerificationLimitIsRefusedWhileOthersGoOn() async throws {
        var limits = RateLimits()
        limits.perCardVerifications = .init(2, per: 60)
        let harness = try ServerHarness(limits: limits)
        try await harness.withClient(key: try await harness.key(.cards, .verify)) { client, _ in
            try await harness.registerCard(client)
            _ = try await client.registerCard(body: .json(.init(pan: "6037991200000002", mobile: "09351112233"))).ok
            func verify(_ pan: String, _ id: String) async throws -> Operations.VerifyPIN.Output {
                try await client.verifyPIN(
                    body: .json(
                        .init(
                            pan: pan,
                            code: "1234567",
                            kind: .second,
                            amount: 1,
                            merchantId: "m",
                            transactionId: id
                        )
                    )
                )
            }
            _ = try await verify(ServerHarness.pan, "1").ok
            _ = try await verify("6104 3378 0000 0018", "2").ok
            _ = try await verify(ServerHarness.pan, "3").tooManyRequests
            _ = try await verify("6037991200000002", "4").ok
        }
    }

    @Test func handshakesAreLimitedPerSourceAddress() async throws {
        var limits = RateLimits()
        limits.perAddressOnHandshake = .init(2, per: 60)
        let harness = try ServerHarness(limits: limits)
        try await harness.withClient(live: true) { client, _ in
            var random = SystemRandomNumberGenerator()
            let request = ProvisioningClient(
                code: ActivationCode(
                    receipt: .random(using: &random),
                    sms: .random(using: &random)
                )
            ).request
            for _ in 0..<2 { _ = try await client.provisionToken(body: .json(.init(request))).notFound }
            _ = try await client.provisionToken(body: .json(.init(request))).tooManyRequests
        }
    }

    @Test func bucketsRefillEvenly() {
        let clock = ManualClock(0)
        let limiter = RateLimiter(.init(2, per: 10), now: { Double(clock.now()) })
        #expect(limiter.acquire("a") == nil && limiter.acquire("a") == nil)
        #expect(limiter.acquire("a") == 5)
        #expect(limiter.acquire("b") == nil)
        clock.advance(by: 5)
        #expect(limiter.acquire("a") == nil)
        #expect(limiter.acquire("a") == 5)
    }

    @Test func bucketsOfKeysThatWentQuietAreForgottenOnceTheyHaveRefilled() {
        let clock = ManualClock(0)
        let limiter = RateLimiter(.init(30, per: 60), now: { Double(clock.now()) })
        let many = RateLimiter.sweepThreshold
        for card in 0..<many { #expect(limiter.acquire("card-\(card)") == nil) }
        #expect(limiter.rememberedKeys == many)
        clock.advance(by: 2)  // 30 per 60 s: one request's token is back after 2 s
        #expect(limiter.acquire("one more") == nil)
        #expect(limiter.rememberedKeys == 1, "every refilled bucket is swept out, not kept at its stored level")
    }

    @Test func aSweepKeepsEveryBucketStillRefilling() {
        let clock = ManualClock(0)
        let limiter = RateLimiter(.init(1, per: 60), now: { Double(clock.now()) })
        let many = RateLimiter.sweepThreshold + 1
        for card in 0..<many { #expect(limiter.acquire("card-\(card)") == nil) }
        #expect(limiter.rememberedKeys == many, "nothing has refilled: the sweep frees nothing")
        clock.advance(by: 30)
        #expect(limiter.acquire("card-0") == 30, "a key swept past still has its spent token counted")
    }
}
