import Crypto
import Foundation
import OneTimePassword
import PooyaAuthenticator
import PooyaProtocol
import PooyaTesting
import Testing

struct VaultTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    private func token(_ card: String = "610433******0018", kind: PINKind = .second) -> StoredToken {
        StoredToken(
            source: .issuer(
                TokenParameters(
                    tokenID: "tok",
                    kind: kind,
                    algorithm: .sha1,
                    digits: 7,
                    period: 60,
                    maskedPAN: card,
                    bank: "Bank Mellat"
                ),
                server: "http://issuer.test"
            ),
            seed: Array("12345678901234567890".utf8),
            addedAt: 1
        )
    }

    @Test func aVaultRoundTripsItsTokensAndKeepsNothingInClear() throws {
        var vault = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        try vault.add(token())
        let reopened = try Vault.open(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        #expect(reopened.tokens == vault.tokens)
        let file = try Data(contentsOf: URL(fileURLWithPath: folder.vaultPath))
        #expect(file.range(of: Data("12345678901234567890".utf8)) == nil)
        #expect(!String(decoding: file, as: UTF8.self).contains("610433"))
        let permissions = try FileManager.default.attributesOfItem(atPath: folder.vaultPath)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func aWrongPasswordIsToldApartFromDamageAndTampering() throws {
        var vault = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        try vault.add(token())
        #expect(throws: VaultError.wrongPassword) {
            try Vault.open(at: folder.vaultPath, password: "hello1235", derivation: TestKeyDerivation())
        }

        let url = URL(fileURLWithPath: folder.vaultPath)
        let original = try Data(contentsOf: url)
        var json = try #require(JSONSerialization.jsonObject(with: original) as? [String: Any])
        var contents = try #require(Data(base64Encoded: json["contents"] as? String ?? ""))
        contents[contents.count / 2] ^= 1

        // Damage: the contents changed, the checksum did not.
        json["contents"] = contents.base64EncodedString()
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: url)
        #expect(throws: VaultError.damaged) {
            try Vault.open(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        }

        // Tampering: someone changed the contents and recomputed the checksum.
        json.removeValue(forKey: "checksum")
        let unsummed = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        json["checksum"] = SHA256.hash(data: unsummed).map { String(format: "%02x", $0) }.joined()
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: url)
        #expect(throws: VaultError.tampered) {
            try Vault.open(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        }

        try Data("{\"version\": 1".utf8).write(to: url)
        #expect(throws: VaultError.damaged) {
            try Vault.open(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        }
    }

    @Test func anInterruptedWriteLeavesTheOldVault() throws {
        var vault = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        try vault.add(token())
        // A crash mid-save leaves a partial file beside the vault, never in its place.
        let partial = folder.url.appendingPathComponent(".tokens.vault.new")
        try Data("{\"version\": 1, \"pass".utf8).write(to: partial)
        var reopened = try Vault.open(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        #expect(reopened.tokens.count == 1)
        try reopened.add(token("603799******0002"))
        #expect(
            try Vault.open(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation()).tokens.count
                == 2
        )
        #expect(!FileManager.default.fileExists(atPath: partial.path))
    }

    @Test func weakerKeyDerivationIsUpgradedWhenOpened() throws {
        _ = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation(cost: 1))
        _ = try Vault.open(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation(cost: 5))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.vaultPath)))
        let cost = ((json as? [String: Any])?["passwordWrap"] as? [String: Any]).flatMap {
            ($0["kdf"] as? [String: Any])?["cost"] as? Int
        }
        #expect(cost == 5)
        _ = try Vault.open(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation(cost: 5))
    }

    @Test func aPlatformKeyOpensTheVaultInsteadOfThePassword() throws {
        var vault = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        let enclaveKey = SymmetricKey(size: .bits256)
        try vault.setPlatformKey(enclaveKey)
        #expect(
            try Vault.open(at: folder.vaultPath, platformKey: enclaveKey, derivation: TestKeyDerivation()).tokens
                .isEmpty
        )
        #expect(throws: VaultError.wrongPassword) {
            try Vault.open(
                at: folder.vaultPath,
                platformKey: SymmetricKey(size: .bits256),
                derivation: TestKeyDerivation()
            )
        }
        try vault.changePassword(to: "newpass99")
        #expect(throws: VaultError.wrongPassword) {
            try Vault.open(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        }
        _ = try Vault.open(at: folder.vaultPath, password: "newpass99", derivation: TestKeyDerivation())
    }

    @Test(arguments: ["short1", "onlyletters", "1234567890", ""])
    func weakPasswordsAreRefused(password: String) {
        #expect(throws: VaultError.self) {
            try Vault.create(at: folder.vaultPath, password: password, derivation: TestKeyDerivation())
        }
    }

    @Test func oneTokenPerCardAndKind() throws {
        var vault = try Vault.create(at: folder.vaultPath, password: "گذرواژه۱۲۳۴", derivation: TestKeyDerivation())
        try vault.add(token())
        try vault.add(token(kind: .first))
        #expect(throws: VaultError.tokenExists(maskedPAN: "610433******0018")) { try vault.add(token()) }
        try vault.add(token(), replacing: true)
        #expect(vault.tokens.count == 2)
    }
}

struct GenerationPINTests {
    @Test(arguments: ["12345678", "87654321", "90123456", "۱۲۳۴۵۶۷۸", "11111234", "1234567", "abcdefgh"])
    func weakOrMalformedPINsAreRefused(pin: String) {
        #expect(throws: VaultError.self) { try GenerationPIN.validated(pin) }
    }

    @Test(arguments: ["27194835", "۲۷۱۹۴۸۳۵", "11112222", "2719 4835"])
    func reasonablePINsAreAccepted(pin: String) throws {
        #expect(try GenerationPIN.validated(pin.replacingOccurrences(of: " ", with: "")).count == 8)
    }

    @Test func aCodeNeedsTheTokensGenerationPIN() throws {
        var token = StoredToken(
            source: .otpauth(issuer: nil, account: "a", algorithm: .sha1, digits: 6, period: 30),
            seed: Array("12345678901234567890".utf8),
            addedAt: 0
        )
        try token.setGenerationPIN("27194835")
        #expect(throws: VaultError.generationPINRequired) { try token.code(at: 59) }
        #expect(throws: VaultError.generationPINRequired) { try token.code(at: 59, generationPIN: "27194836") }
        #expect(try token.code(at: 59, generationPIN: "۲۷۱۹۴۸۳۵").code == "287082")
    }
}
