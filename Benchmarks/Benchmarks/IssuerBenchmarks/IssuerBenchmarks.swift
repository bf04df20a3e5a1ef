import Benchmark
import Crypto
import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaKeyVault
import PooyaProtocol
import PooyaSQLite

/// Verifications per second in-process, on a SQLite file with durable commits (WAL, synchronous = FULL), over a
/// population of 100,000 cards, each with a provisioned second-PIN token. Each iteration verifies 1,000 requests,
/// each for a different card, so no code is a replay.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(20),
        maxIterations: 20
    )

    Benchmark("Verify, approved, one caller") { benchmark in
        let population = try await Population.shared.value
        let requests = try await population.nextRequests(benchmark.scaledIterations.count, right: true)
        benchmark.startMeasurement()
        for request in requests { blackHole(try await population.issuer.verify(request)) }
    }

    keyVaultBenchmarks()

    Benchmark("Verify, wrong code, one caller") { benchmark in
        let population = try await Population.shared.value
        let requests = try await population.nextRequests(benchmark.scaledIterations.count, right: false)
        benchmark.startMeasurement()
        for request in requests { blackHole(try await population.issuer.verify(request)) }
    }

    Benchmark("Challenge: a code bound to a payment, its SMS sealed into the outbox, 16 concurrent callers") {
        benchmark in
        let population = try await Population.shared.value
        let requests = try await population.nextChallenges(benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<16 {
                group.addTask {
                    for request in stride(from: lane, to: requests.count, by: 16).map({ requests[$0] }) {
                        blackHole(try await population.issuer.challenge(request))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    Benchmark("Verify, approved, 16 concurrent callers") { benchmark in
        let population = try await Population.shared.value
        let requests = try await population.nextRequests(benchmark.scaledIterations.count, right: true)
        benchmark.startMeasurement()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<16 {
                group.addTask {
                    for request in stride(from: lane, to: requests.count, by: 16).map({ requests[$0] }) {
                        blackHole(try await population.issuer.verify(request))
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

/// 100,000 cards with tokens whose seeds the benchmark knows, in a fresh database file.
actor Population {
    static let size = 100_000
    static let shared = Task { try await Population() }

    let issuer: Issuer
    private let clock: SteppingClock
    private let cards: [(pan: PAN, generator: TokenGenerator)]
    private var next = 0

    private init() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pooya-benchmark-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("pooya.sqlite").path)
        let vault = try MasterKeyRing(
            masterKeys: [1: SymmetricKey(size: .bits256)],
            currentKeyID: 1,
            fingerprintKey: SymmetricKey(size: .bits256),
            receiptKeys: [
                ReceiptSigningKey(rawRepresentation: Curve25519.Signing.PrivateKey().rawRepresentation, retiredAt: nil)
            ]
        )
        clock = SteppingClock()
        issuer = try Issuer(store: store, vault: vault, clock: clock, webOTPHost: "pay.bank.ir")

        var cards: [(PAN, TokenGenerator)] = []
        var states: [CardState] = []
        var random = SystemRandomNumberGenerator()
        for index in 0..<Self.size {
            let pan = try PAN(parsing: Self.cardNumber(index))
            let seed = (0..<20).map { _ in UInt8.random(in: 0...255, using: &random) }
            let cardID = "crd_\(index)"
            let tokenID = "tok_\(index)"
            let parameters = TokenParameters(
                tokenID: tokenID,
                kind: .second,
                algorithm: .sha1,
                digits: 7,
                period: 60,
                maskedPAN: pan.masked,
                bank: pan.bank.name
            )
            let card = Card(
                id: cardID,
                fingerprint: try vault.fingerprint(of: pan),
                maskedPAN: pan.masked,
                bankName: pan.bank.name,
                bankPersianName: pan.bank.persianName,
                mobile: try MobileNumber(parsing: "0912\(String(format: "%07d", index))"),
                options: CardOptions(),
                staticSecondPINDisabled: true,
                registeredAt: 0,
                updatedAt: 0
            )
            let token = Token(
                id: tokenID,
                cardID: cardID,
                kind: .second,
                sealedSeed: try vault.seal(seed, context: "token:\(tokenID)"),
                algorithm: .sha1,
                digits: 7,
                period: 60,
                createdAt: 0,
                lastAcceptedStep: nil,
                usedCappedMinutes: [:],
                revokedAt: nil
            )
            states.append(CardState(card: card, tokens: [token], tickets: [], recordedDecision: nil))
            cards.append((pan, try TokenGenerator(seed: seed, parameters: parameters)))
        }
        try await store.insert(states)
        self.cards = cards
    }

    /// The next `count` requests, each for another card; the clock moves on a step after every pass over the cards,
    /// and a wrong code is one digit off the right one.
    func nextRequests(_ count: Int, right: Bool) throws -> [VerificationRequest] {
        try (0..<count).map { _ in
            if next == cards.count {
                next = 0
                clock.advance(by: 60)
            }
            let (pan, generator) = cards[next]
            next += 1
            var code = try generator.code(at: clock.now())
            if !right { code = String(code.dropLast()) + (code.last == "0" ? "1" : "0") }
            return VerificationRequest(
                card: try issuer.reference(to: pan),
                pin: .dynamicCode(PresentedCode(typed: code)),
                kind: .second,
                amount: 1_000_000,
                merchantID: "merchant",
                transactionID: UUID().uuidString
            )
        }
    }

    /// The next `count` gateway challenges, each for another card (a card gets at most two a minute).
    func nextChallenges(_ count: Int) throws -> [ChallengeRequest] {
        let merchant = try MerchantName("فروشگاه نمونه")
        return try (0..<count).map { _ in
            if next == cards.count {
                next = 0
                clock.advance(by: 60)
            }
            defer { next += 1 }
            return ChallengeRequest(
                card: try issuer.reference(to: cards[next].pan),
                amount: 2_500_000,
                merchantID: "merchant",
                merchantName: merchant,
                transactionID: UUID().uuidString
            )
        }
    }

    /// The index-th 16-digit Mellat card number, with its check digit.
    static func cardNumber(_ index: Int) -> String {
        // Nine digits of index after a six-digit BIN always make a valid body.
        (try? PAN(completing: "610433" + String(format: "%09d", index)))?.digits ?? ""
    }
}

/// A clock the population moves forward by whole steps.
final class SteppingClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var time: Int64 = 1_742_558_400

    func now() -> Int64 { lock.withLock { time } }
    func advance(by seconds: Int64) { lock.withLock { time += seconds } }
}
