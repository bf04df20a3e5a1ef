import Foundation
import OneTimePassword
import PooyaTesting
import Testing

/// `pooya otp` must print exactly what `oathtool` (OATH Toolkit) prints for the same HOTP and TOTP inputs.
///
/// Skipped, with a note, only where oathtool is not installed and this is not CI; `scripts/test` installs it.
@Suite(.enabled(if: Programs.oathtool != nil || Programs.isCI, "oathtool is not installed (apt-get install oathtool)"))
struct OathtoolInteropTests {
    struct Case: CustomStringConvertible {
        var pooya: [String]
        var oathtool: [String]
        var description: String { pooya.joined(separator: " ") }
    }

    static let algorithms: [(OTPAlgorithm, String)] = [(.sha1, "SHA1"), (.sha256, "SHA256"), (.sha512, "SHA512")]

    /// HOTP cases: SHA-1 through oathtool's `--hotp` with any 64-bit counter; SHA-256/512, which its HOTP mode
    /// lacks, through `--totp` with one-second steps, where the time step equals the counter.
    static func hotpCases(count: Int, using random: inout some RandomNumberGenerator) -> [Case] {
        (0..<count).map { index in
            let (algorithm, name) = algorithms[index % 3]
            let key = Hex.encode((0..<[20, 32, 64][index % 3]).map { _ in UInt8.random(in: 0...255, using: &random) })
            let digits = Int.random(in: 6...8, using: &random)
            let pooya = ["otp", "hotp", "--secret-hex", key, "--digits", "\(digits)", "--algorithm", name]
            if algorithm == .sha1 {
                let counter = UInt64.random(in: 0...UInt64.max, using: &random)
                return Case(
                    pooya: pooya + ["--counter", "\(counter)"],
                    oathtool: ["--hotp", "-d", "\(digits)", "-c", "\(counter)", key]
                )
            }
            let counter = UInt64.random(in: 0...(1 << 34), using: &random)
            return Case(
                pooya: pooya + ["--counter", "\(counter)"],
                oathtool: ["--totp=\(name)", "-s", "1s", "-d", "\(digits)", "--now", "@\(counter)", key]
            )
        }
    }

    /// TOTP cases over the three hashes, 6–8 digits, periods of 30, 60 and 120 s, and times from 1970 to beyond
    /// 2038 (half of them after 2^31).
    static func totpCases(count: Int, using random: inout some RandomNumberGenerator) -> [Case] {
        (0..<count).map { index in
            let (_, name) = algorithms[index % 3]
            let key = Hex.encode(
                (0..<Int.random(in: 10...64, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }
            )
            let digits = Int.random(in: 6...8, using: &random)
            let period = [30, 60, 120][Int.random(in: 0...2, using: &random)]
            let time =
                index.isMultiple(of: 2)
                ? Int64.random(in: 0..<(1 << 31), using: &random)
                : Int64.random(in: (1 << 31)...(1 << 34), using: &random)
            return Case(
                pooya: [
                    "otp", "totp", "--secret-hex", key, "--time", "\(time)", "--period", "\(period)",
                    "--digits", "\(digits)", "--algorithm", name.lowercased(),
                ],
                oathtool: ["--totp=\(name)", "-s", "\(period)s", "-d", "\(digits)", "--now", "@\(time)", key]
            )
        }
    }

    @Test func hotpMatchesOathtoolOnRandomInputs() async throws {
        var random = SystemRandomNumberGenerator()
        try await compare(Self.hotpCases(count: 300, using: &random))
    }

    @Test func totpMatchesOathtoolOnRandomInputs() async throws {
        var random = SystemRandomNumberGenerator()
        try await compare(Self.totpCases(count: 300, using: &random))
    }

    /// Runs every case through the real `pooya` binary and through oathtool and compares their standard output.
    private func compare(_ cases: [Case]) async throws {
        let oathtool = try #require(Programs.oathtool, "CI must have oathtool: scripts/test installs it")
        let pooya = try #require(Programs.pooya, "the pooya executable is built beside the tests")
        for testCase in cases {
            let expected = try await run(oathtool, testCase.oathtool)
            try #require(expected.status == 0, "oathtool \(testCase.oathtool): \(expected.standardError)")
            let actual = try await run(pooya, testCase.pooya)
            #expect(actual.standardOutput == expected.standardOutput, "\(testCase)")
        }
    }
}
