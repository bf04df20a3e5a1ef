import Crypto
import Foundation
import OneTimePassword
public import PooyaIssuer

/// What every ``KeyVault`` must do, as checks a test target runs against each vault (the file vault's key ring, the
/// PKCS#11 vault on SoftHSM2): sealing, digests, receipt signatures and PIN blocks, with the same answers.
public struct KeyVaultContract: Sendable {
    /// A zone PIN key a vault is made with.
    public typealias ZoneKeyMaterial = (id: String, cipher: ZoneKeyCipher, key: [UInt8])

    /// A broken promise, with what was expected.
    public struct Violation: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
    }

    /// The checks by name, for `@Test(arguments:)`.
    public static let checks: [String: @Sendable (KeyVaultContract) async throws -> Void] = [
        "a sealed secret opens with its context only": { try await $0.aSealedSecretOpensWithItsContextOnly() },
        "digests are keyed, stable and distinct": { try await $0.digestsAreKeyedStableAndDistinct() },
        "receipts are signed by the newest listed key": { try await $0.receiptsAreSignedByTheNewestListedKey() },
        "PIN blocks open under their zone keys only": { try await $0.pinBlocksOpenUnderTheirZoneKeysOnly() },
        "many callers at once get the answers one caller gets": {
            try await $0.manyCallersAtOnceGetTheAnswersOneCallerGets()
        },
    ]

    /// The zone keys every vault of the contract is made with, and blocks psec 1.3.0 made under them for card
    /// 6104337800000018: PIN 1234 in format 0, PIN 1234567 in format 4.
    public static let zoneKeys: [ZoneKeyMaterial] = [
        ("atm", .tdes, try! Hex.decode("0123456789ABCDEFFEDCBA9876543210")),
        ("ipg", .aes, try! Hex.decode("00112233445566778899AABBCCDDEEFF")),
        ("other", .tdes, try! Hex.decode("FEDCBA98765432100123456789ABCDEF")),
    ]

    private let makeVault: @Sendable ([ZoneKeyMaterial]) async throws -> any KeyVault

    /// A contract for the vaults `makeVault` makes, each new, holding the zone keys it is given.
    public init(makeVault: @escaping @Sendable ([ZoneKeyMaterial]) async throws -> any KeyVault) {
        self.makeVault = makeVault
    }

    func aSealedSecretOpensWithItsContextOnly() async throws {
        let vault = try await makeVault([])
        let secret: [UInt8] = Array("a seed of twenty bytes".utf8)
        let sealed = try vault.seal(secret, context: "token:tok_1")
        try expect(try vault.open(sealed, context: "token:tok_1") == secret, "the secret did not open")
        try expect(!Data(sealed.combined).contains(Data(secret)), "the sealed form shows the secret")
        try expect(try vault.seal(secret, context: "token:tok_1") != sealed, "two seals are equal: a nonce repeats")
        try expectThrows(.authenticationFailed, "another context") { try vault.open(sealed, context: "token:tok_2") }
        var tampered = sealed
        tampered.combined[tampered.combined.count - 1] ^= 1
        try expectThrows(.authenticationFailed, "a tampered tag") { try vault.open(tampered, context: "token:tok_1") }
        var unknown = sealed
        unknown.keyID = 99
        try expectThrows(.unknownKey(99), "an unknown key") { try vault.open(unknown, context: "token:tok_1") }
        let empty = try vault.seal([], context: "c")
        try expect(try vault.open(empty, context: "c") == [], "an empty secret did not round-trip")
    }

    func digestsAreKeyedStableAndDistinct() async throws {
        let vault = try await makeVault([])
        let digest = try vault.keyedDigest(of: Array("pan:6104337800000018".utf8))
        try expect(digest.count == 64 && digest.allSatisfy(\.isHexDigit), "not 64 hex digits: \(digest)")
        try expect(try vault.keyedDigest(of: Array("pan:6104337800000018".utf8)) == digest, "the digest changed")
        try expect(try vault.keyedDigest(of: Array("pan:6104337800000026".utf8)) != digest, "two inputs, one digest")
        try expect(try await makeVault([]).keyedDigest(of: Array("pan:6104337800000018".utf8)) != digest, "unkeyed")
    }

    func receiptsAreSignedByTheNewestListedKey() async throws {
        let vault = try await makeVault([])
        guard let key = vault.receiptKeys.last else { throw Violation(description: "no receipt key is listed") }
        try expect(key.retiredAt == nil, "the newest receipt key is retired")
        let message: [UInt8] = Array("header.payload".utf8)
        let signature = try vault.signReceipt(message, keyID: key.id)
        try expect(key.publicKey.isValidSignature(signature, for: message), "the signature does not verify")
        try expect(!key.publicKey.isValidSignature(signature, for: message + [0]), "it verifies another message")
        do {
            _ = try vault.signReceipt(message, keyID: "nobody")
            throw Violation(description: "an unknown receipt key signed")
        } catch let error as KeyVaultError {
            try expect(error == .unknownReceiptKey("nobody"), "an unknown receipt key gave \(error)")
        }
    }

    func pinBlocksOpenUnderTheirZoneKeysOnly() async throws {
        let vault = try await makeVault(Self.zoneKeys)
        let checkValues = vault.zoneKeys.map { "\($0.id) \($0.cipher.rawValue) \($0.checkValue)" }
        try expect(checkValues == ["atm tdes 08D7B4", "ipg aes 53E107", "other tdes 7B8358"], "\(checkValues)")
        let pan = try PAN(parsing: "6104337800000018")
        func open(_ hex: String, _ format: PINBlockFormat, _ key: String) throws(PINBlockFault) -> String? {
            try vault.openPINBlock(EncipheredPINBlock(hex: hex, format: format, zoneKeyID: key), pan: pan).digits
        }
        try expect(try open("560C8DA47A72BD09", .iso0, "atm") == "1234", "the format 0 block")
        try expect(try open("C7F61026994D1B48EEAE3BB1BB44DAC8", .iso4, "ipg") == "1234567", "the format 4 block")
        for (hex, format, key, fault) in [
            ("560C8DA47A72BD09", PINBlockFormat.iso0, "other", PINBlockFault.undecipherable),
            ("560C8DA47A72BD09", .iso0, "ipg", .unknownZoneKey), ("560C8DA47A72BD09", .iso0, "nobody", .unknownZoneKey),
        ] {
            do {
                _ = try open(hex, format, key)
                throw Violation(description: "\(format) under \(key) opened")
            } catch let error as PINBlockFault {
                try expect(error == fault, "\(format) under \(key) gave \(error), not \(fault)")
            }
        }
    }

    func manyCallersAtOnceGetTheAnswersOneCallerGets() async throws {
        let vault = try await makeVault(Self.zoneKeys)
        let expected = try vault.keyedDigest(of: [1, 2, 3])
        let pan = try PAN(parsing: "6104337800000018")
        let block = try EncipheredPINBlock(hex: "560C8DA47A72BD09", format: .iso0, zoneKeyID: "atm")
        let failures = try await withThrowingTaskGroup(of: String?.self) { group in
            for caller in 0..<64 {
                group.addTask {
                    let secret = [UInt8](repeating: UInt8(caller), count: 20)
                    let sealed = try vault.seal(secret, context: "token:\(caller)")
                    guard try vault.open(sealed, context: "token:\(caller)") == secret else {
                        return "a seal, \(caller)"
                    }
                    guard try vault.keyedDigest(of: [1, 2, 3]) == expected else { return "a digest, \(caller)" }
                    guard try vault.openPINBlock(block, pan: pan).digits == "1234" else { return "a block, \(caller)" }
                    return nil
                }
            }
            return try await group.reduce(into: [String]()) { if let failure = $1 { $0.append(failure) } }
        }
        try expect(failures.isEmpty, "concurrent callers got other answers: \(failures)")
    }

    private func expect(_ condition: Bool, _ what: @autoclosure () -> String) throws {
        guard condition else { throw Violation(description: what()) }
    }

    private func expectThrows(_ expected: KeyVaultError, _ what: String, _ body: () throws -> [UInt8]) throws {
        do {
            _ = try body()
            throw Violation(description: "\(what): nothing was thrown")
        } catch let error as KeyVaultError {
            try expect(error == expected, "\(what): \(error), not \(expected)")
        }
    }
}
