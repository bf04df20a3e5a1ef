import Benchmark
import Crypto
import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaKeyVault
import PooyaPKCS11

/// The key vault's operations, one at a time: the key ring the key file loads (in memory), and — when
/// `SOFTHSM2_CONF` and `POOYA_BENCHMARK_PKCS11_TOKEN` name a SoftHSM2 token whose user PIN is 1234 — the PKCS#11
/// vault on it. The PIN blocks were made by psec 1.3.0 (scripts/lib/psec-blocks.py) for card 6104337800000018.
func keyVaultBenchmarks() {
    var vaults: [(name: String, vault: @Sendable () throws -> any KeyVault)] = [
        ("key ring", { try VaultsUnderTest.ring })
    ]
    if VaultsUnderTest.softHSMToken != nil { vaults.append(("SoftHSM2", { try VaultsUnderTest.softHSM() })) }
    let claims = ReceiptClaims(
        issuer: "pooya",
        cardID: "crd_0123456789abcdef0123456789abcdef",
        maskedPAN: "610433******0018",
        transactionID: "a1b2c3d4-e5f6-4711-8899-aabbccddeeff",
        amount: 2_500_000,
        merchantID: "shop-1",
        transactionType: .purchase,
        kind: .second,
        decision: .approved,
        method: .app,
        issuedAt: 1_765_000_000,
        expiresAt: 1_765_000_600
    )
    for (name, make) in vaults {
        Benchmark("Key vault (\(name)): a receipt's claims encoded and signed, Ed25519") { benchmark in
            let vault = try make()
            let keyID = vault.receiptKeys[vault.receiptKeys.count - 1].id
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try vault.signReceipt(claims.payload, keyID: keyID)) }
        }
        for (format, zoneKey, block) in [
            (PINBlockFormat.iso0, "atm", "560C8DA47A72BD09"), (.iso4, "ipg", "C7F61026994D1B48EEAE3BB1BB44DAC8"),
        ] {
            Benchmark("Key vault (\(name)): a PIN block opened and read, \(format.rawValue)") { benchmark in
                let vault = try make()
                let pan = try PAN(parsing: "6104337800000018")
                let enciphered = try EncipheredPINBlock(hex: block, format: format, zoneKeyID: zoneKey)
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations { blackHole(try vault.openPINBlock(enciphered, pan: pan)) }
            }
        }
        Benchmark("Key vault (\(name)): a 20-byte seed sealed and opened, AES-256-GCM") { benchmark in
            let vault = try make()
            let seed = [UInt8](repeating: 7, count: 20)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try vault.open(vault.seal(seed, context: "token:t"), context: "token:t"))
            }
        }
        Benchmark("Key vault (\(name)): a card number's keyed digest, HMAC-SHA-256") { benchmark in
            let vault = try make()
            let bytes = Array("pan:6104337800000018".utf8)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try vault.keyedDigest(of: bytes)) }
        }
    }
}

/// The vaults the benchmarks use, made once.
enum VaultsUnderTest {
    static let zoneKeys: [(id: String, cipher: ZoneKeyCipher, key: String)] = [
        ("atm", .tdes, "0123456789ABCDEFFEDCBA9876543210"), ("ipg", .aes, "00112233445566778899AABBCCDDEEFF"),
    ]

    static var ring: MasterKeyRing {
        get throws {
            try MasterKeyRing(
                masterKeys: [1: SymmetricKey(size: .bits256)],
                currentKeyID: 1,
                fingerprintKey: SymmetricKey(size: .bits256),
                receiptKeys: [
                    ReceiptSigningKey(
                        rawRepresentation: Curve25519.Signing.PrivateKey().rawRepresentation,
                        retiredAt: nil
                    )
                ],
                zoneKeys: zoneKeys.map { try ZoneKey(id: $0.id, cipher: $0.cipher, key: Hex.decode($0.key)) }
            )
        }
    }

    static let softHSMToken = ProcessInfo.processInfo.environment["POOYA_BENCHMARK_PKCS11_TOKEN"]
    private static let softHSMModule = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so"]
        .first { FileManager.default.fileExists(atPath: $0) }

    /// The PKCS#11 vault on the benchmark's token, its zone keys loaded the first time.
    static func softHSM() throws -> PKCS11KeyVault {
        guard let token = softHSMToken, let module = softHSMModule else {
            throw KeyVaultError.unavailable("no SoftHSM2 token for the benchmarks")
        }
        var vault = try PKCS11KeyVault(module: module, token: token, pin: "1234")
        let present = Set(vault.zoneKeys.map(\.id))
        for key in zoneKeys where !present.contains(key.id) {
            try vault.importZoneKey(id: key.id, cipher: key.cipher, key: Hex.decode(key.key))
        }
        if present.count < zoneKeys.count { vault = try PKCS11KeyVault(module: module, token: token, pin: "1234") }
        return vault
    }
}
