import Crypto
import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaKeyVault
import PooyaProtocol
import PooyaTesting
import Testing

/// ISO 9564 PIN blocks under zone keys: blocks made by psec, an independent implementation, open to their PINs, and
/// every other block gets its own answer.
struct PINBlockTests {
    static let isCI = ProcessInfo.processInfo.environment["CI"] != nil

    /// psec's Python, or `nil` (then the test returns; under CI it fails instead).
    static func python() -> URL? {
        guard let python = Psec.python else {
            #expect(!isCI, "CI must have psec in .build-venv: scripts/test installs it")
            return nil
        }
        return python
    }

    static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }).uppercased()
    }

    static func randomPAN() throws -> PAN {
        try PAN(completing: "6" + String((0..<14).map { _ in "0123456789".randomElement()! }))
    }

    static func vault(_ keys: [ZoneKey]) throws -> MasterKeyRing {
        try MasterKeyRing(
            masterKeys: [1: .init(size: .bits256)],
            currentKeyID: 1,
            fingerprintKey: .init(size: .bits256),
            receiptKeys: [TestKeys.randomReceiptKey()],
            zoneKeys: keys
        )
    }

    @Test func blocksMadeByPsecOpenToTheirPINsAndTheCheckValuesAgree() async throws {
        guard let python = Self.python() else { return }
        let shapes: [(format: String, keyLength: Int)] = [
            ("iso0", 16), ("iso0", 24), ("iso3", 16), ("iso3", 24), ("iso4", 16), ("iso4", 24), ("iso4", 32),
        ]
        var cases: [Psec.Case] = []
        for (format, keyLength) in shapes {
            for pinLength in 4...12 {
                let pin = String((0..<pinLength).map { _ in "0123456789".randomElement()! })
                cases.append(
                    .init(format: format, key: Self.randomHex(keyLength), pin: pin, pan: try Self.randomPAN().digits)
                )
            }
        }
        for made in try await Psec.make(cases, with: python) {
            let format = try #require(PINBlockFormat(rawValue: made.format))
            let key = try ZoneKey(id: "zpk", cipher: format.cipher, key: Hex.decode(made.key))
            #expect(key.info.checkValue == made.kcv, "\(made.format) \(made.key.count / 2)-byte key")
            let block = try EncipheredPINBlock(hex: try #require(made.block), format: format, zoneKeyID: "zpk")
            let opened = try Self.vault([key]).openPINBlock(block, pan: PAN(parsing: made.pan))
            #expect(opened.digits == made.pin, "\(made.format), a \(made.pin.count)-digit PIN")
        }
    }

    @Test func aWrongKeyAnotherCardAMalformedBlockAndAnUnknownKeyEachGetTheirAnswer() async throws {
        guard let python = Self.python() else { return }
        let pan = try PAN(parsing: "6104337800000018")
        let tdes = "0123456789ABCDEFFEDCBA9876543210"
        let aes = "00112233445566778899AABBCCDDEEFF"
        let made = try await Psec.make(
            [
                .init(format: "iso0", key: tdes, pin: "1234567", pan: pan.digits),
                .init(format: "iso4", key: aes, pin: "1234567", pan: pan.digits),
            ],
            with: python
        )
        let keys = [
            try ZoneKey(id: "tdes", cipher: .tdes, key: Hex.decode(tdes)),
            try ZoneKey(id: "aes", cipher: .aes, key: Hex.decode(aes)),
            try ZoneKey(id: "other-tdes", cipher: .tdes, key: Hex.decode("FEDCBA98765432100123456789ABCDEF")),
            try ZoneKey(id: "other-aes", cipher: .aes, key: Hex.decode("FFEEDDCCBBAA99887766554433221100")),
        ]
        let vault = try Self.vault(keys)
        let iso0 = try #require(made[0].block)
        let iso4 = try #require(made[1].block)
        func open(_ hex: String, _ format: PINBlockFormat, _ key: String, pan: PAN = pan) throws -> String? {
            try vault.openPINBlock(EncipheredPINBlock(hex: hex, format: format, zoneKeyID: key), pan: pan).digits
        }
        #expect(try open(iso0, .iso0, "tdes") == "1234567")
        #expect(try open(iso4.lowercased(), .iso4, "aes") == "1234567", "hex in either case")

        #expect(throws: PINBlockFault.undecipherable) { try open(iso0, .iso0, "other-tdes") }
        #expect(throws: PINBlockFault.undecipherable) { try open(iso4, .iso4, "other-aes") }
        // Another card, differing in the last digit before the check digit: format 0 sees its fill spoilt; format
        // 4 binds the whole number inside the cipher, so it reads as undecipherable.
        let neighbour = try PAN(completing: "610433780000002")
        #expect(throws: PINBlockFault.panMismatch) { try open(iso0, .iso0, "tdes", pan: neighbour) }
        #expect(throws: PINBlockFault.undecipherable) { try open(iso4, .iso4, "aes", pan: neighbour) }

        #expect(throws: PINBlockFault.unknownZoneKey) { try open(iso0, .iso0, "nobody") }
        #expect(throws: PINBlockFault.unknownZoneKey, "a TDES block under an AES key's id") {
            try open(iso0, .iso0, "aes")
        }
        for malformed in ["", "12", iso0 + "00", String(iso0.dropLast()) + "G", iso4] {
            #expect(throws: PINBlockFault.malformed) { try open(malformed, .iso0, "tdes") }
        }
    }

    @Test func zoneKeysOfTheWrongLengthOrSingleDESAreRefusedAndNoneShowsItsBytes() throws {
        #expect(throws: KeyVaultError.unavailable("a tdes zone key has [16, 24] bytes, not 8")) {
            try ZoneKey(id: "z", cipher: .tdes, key: Array(repeating: 1, count: 8))
        }
        #expect(throws: KeyVaultError.unavailable("the zone key's two halves are equal: that is single DES")) {
            try ZoneKey(id: "z", cipher: .tdes, key: Array(repeating: 1, count: 16))
        }
        #expect(throws: KeyVaultError.unavailable("a aes zone key has [16, 24, 32] bytes, not 20")) {
            try ZoneKey(id: "z", cipher: .aes, key: Array(repeating: 1, count: 20))
        }
        let key = try ZoneKey(id: "z", cipher: .tdes, key: Hex.decode("0123456789ABCDEFFEDCBA9876543210"))
        #expect(String(describing: key) == "ZoneKey(z, tdes, KCV 08D7B4)")
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.lowercased().contains("0123456789abcdef") && !dumped.contains("key:"))
        let block = try EncipheredPINBlock(hex: "560C8DA47A72BD09", format: .iso0, zoneKeyID: "z")
        #expect("\(block)" == "EncipheredPINBlock(iso0 under z)")
        dump(block, to: &dumped)
        #expect(!dumped.contains("560C") && !dumped.contains("86"))
    }
}
