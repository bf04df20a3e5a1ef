import Foundation
import OneTimePassword
import PooyaIssuer
@testable import PooyaKeyVault
import PooyaTesting
import Testing

/// Zone PIN keys imported as TR-31 key blocks, wrapped under a key block protection key: the published example, and
/// blocks psec wraps in both versions.
struct KeyBlockTests {
    func keyFile() throws -> (folder: TemporaryFolder, path: String) {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("master.key").path
        _ = try KeyFile.loadOrCreate(at: path, now: 1_000)
        return (folder, path)
    }

    /// psec's documentation of TR-31 unwrapping: this block under FF…FF carries EE…EE.
    static let published =
        "B0096P0TE00N0000342811F905093F2B797EB9248C1121C011C2AE41BEC63E33C9C2FDB320540D82327221AE9C5C34FB"

    @Test func thePublishedVersionBExampleOpensAndAnyChangeToItDoesNot() throws {
        let kbpk = [UInt8](repeating: 0xFF, count: 16)
        let opened = try TR31KeyBlock(opening: Self.published, kbpk: kbpk)
        #expect(opened.cipher == .tdes && opened.key == Array(repeating: 0xEE, count: 16))
        var tampered = Array(Self.published)
        tampered[40] = tampered[40] == "0" ? "1" : "0"
        #expect(throws: KeyVaultError.unavailable("the TR-31 key block does not authenticate under this KBPK")) {
            try TR31KeyBlock(opening: String(tampered), kbpk: kbpk)
        }
        #expect(throws: KeyVaultError.unavailable("the TR-31 key block does not authenticate under this KBPK")) {
            try TR31KeyBlock(opening: Self.published, kbpk: Array(repeating: 0x11, count: 16))
        }
        #expect(throws: KeyVaultError.unavailable("the TR-31 key block's usage is K0, not P0 (a PIN encryption key)")) {
            try TR31KeyBlock(opening: Self.published.replacingOccurrences(of: "P0TE", with: "K0TE"), kbpk: kbpk)
        }
        #expect(throws: KeyVaultError.unavailable("not a TR-31 key block: its length field is not its length")) {
            try TR31KeyBlock(opening: Self.published + "00", kbpk: kbpk)
        }
        #expect(throws: KeyVaultError.unavailable("a version B key block's KBPK is TDES (16, 24 bytes)")) {
            try TR31KeyBlock(opening: Self.published, kbpk: Array(repeating: 0xFF, count: 32))
        }
    }

    @Test func aKeyBlocksKeyIsImportedSealedAndItsKBPKIsNoZonePINKey() throws {
        let (folder, path) = try keyFile()
        _ = folder
        let kbpk = try Hex.decode("0123456789ABCDEFFEDCBA98765432100123456789ABCDEF")
        try KeyFile.importKeyBlockProtectionKey(at: path, id: "zmk", cipher: .tdes, key: kbpk, now: 1_000)
        #expect(throws: KeyVaultError.unavailable("there is no key block protection key atm")) {
            try KeyFile.importZoneKey(at: path, id: "x", keyBlock: Self.published, kbpk: "atm", now: 1_000)
        }
        #expect(try KeyFile.load(at: path).zoneKeys.isEmpty, "the KBPK is no zone PIN key")
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!contents.contains("ASNFZ4mrze/+3LqYdlQyEAEjRWeJq83v"), "the KBPK is sealed, never written clear")
    }

    @Test func blocksPsecWrapsInVersionsBAndDOpenToTheirKeys() async throws {
        guard let python = Psec.python else {
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "CI must have psec: scripts/test installs it")
            return
        }
        let (folder, path) = try keyFile()
        _ = folder
        let kbpks = [
            ("zmk-b", ZoneKeyCipher.tdes, PINBlockTests.randomHex(24)), ("zmk-d", .aes, PINBlockTests.randomHex(32)),
        ]
        for (id, cipher, key) in kbpks {
            try KeyFile.importKeyBlockProtectionKey(at: path, id: id, cipher: cipher, key: Hex.decode(key), now: 1)
        }
        let made = try await Psec.make(
            [
                .init(
                    format: "iso0",
                    key: PINBlockTests.randomHex(16),
                    pin: "1234",
                    pan: "6104337800000018",
                    kbpk: kbpks[0].2,
                    header: "B0000P0TE00N0000"
                ),
                .init(
                    format: "iso4",
                    key: PINBlockTests.randomHex(32),
                    pin: "1234",
                    pan: "6104337800000018",
                    kbpk: kbpks[1].2,
                    header: "D0000P0AE00N0000"
                ),
            ],
            with: python
        )
        for (index, (case_, kbpk)) in zip(made, ["zmk-b", "zmk-d"]).enumerated() {
            let info = try KeyFile.importZoneKey(
                at: path,
                id: "zpk-\(index)",
                keyBlock: try #require(case_.keyBlock),
                kbpk: kbpk,
                now: 1
            )
            #expect(info.checkValue == case_.kcv, "the key in \(kbpk)'s block is the one psec wrapped")
        }
        let vault = try KeyFile.load(at: path)
        for (index, case_) in made.enumerated() {
            let format = try #require(PINBlockFormat(rawValue: case_.format))
            let block = try EncipheredPINBlock(
                hex: try #require(case_.block),
                format: format,
                zoneKeyID: "zpk-\(index)"
            )
            #expect(try vault.openPINBlock(block, pan: PAN(parsing: case_.pan)).digits == "1234")
        }
    }
}
