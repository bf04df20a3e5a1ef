import Benchmark
import OneTimePassword

/// Codes per second and allocations per code for the algorithms on the verification hot path.
/// Each iteration computes 1,000 codes (`scalingFactor: .kilo`), so figures are per code.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(3)
    )

    let secret20 = Array("12345678901234567890".utf8)
    let secret32 = Array("12345678901234567890123456789012".utf8)

    Benchmark("HOTP SHA-1, 6 digits") { benchmark in
        let hotp = try HOTP(secret: secret20)
        for counter in benchmark.scaledIterations {
            blackHole(hotp.code(counter: UInt64(counter)))
        }
    }

    Benchmark("HOTP SHA-256, 8 digits") { benchmark in
        let hotp = try HOTP(secret: secret32, digits: 8, algorithm: .sha256)
        for counter in benchmark.scaledIterations {
            blackHole(hotp.code(counter: UInt64(counter)))
        }
    }

    Benchmark("TOTP SHA-1, 7 digits, 60 s") { benchmark in
        let totp = try TOTP(secret: secret20, digits: 7, period: 60)
        for second in benchmark.scaledIterations {
            blackHole(try totp.code(at: 1_742_558_400 + Int64(second)))
        }
    }

    Benchmark("TOTP verify, window of 2 steps, wrong code") { benchmark in
        let totp = try TOTP(secret: secret20, digits: 7, period: 60)
        for second in benchmark.scaledIterations {
            blackHole(try totp.matchingStep(for: "0000000", at: 1_742_558_400 + Int64(second)))
        }
    }

    Benchmark("OCRA SHA-256, 8 digits, C-QN08-PSHA1") { benchmark in
        let ocra = try OCRA(suite: OCRASuite("OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1"), key: secret32)
        let pinHash = Array(try Hex.decode("7110eda4d09e062aa5e4a390b0a572ac0d2c0220"))
        for counter in benchmark.scaledIterations {
            let input = OCRAInput(counter: UInt64(counter), question: "12345678", pin: .hash(pinHash))
            blackHole(try ocra.response(to: input))
        }
    }
}
