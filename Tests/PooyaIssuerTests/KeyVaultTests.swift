import Crypto
import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaKeyVault
import PooyaProtocol
import PooyaSQLite
import PooyaTesting
import Testing

struct KeyVaultTests {
    @Test func aSealedSecretOpensOnlyWithItsContext() throws {
        let vault = try IssuerHarness.vault()
        let sealed = try vault.seal([1, 2, 3], context: "token:tok_1")
        #expect(try vault.open(sealed, context: "token:tok_1") == [1, 2, 3])
        #expect(throws: KeyVaultError.authenticationFailed) { try vault.open(sealed, context: "token:tok_2") }
        var tampered = sealed
        tampered.combined[tampered.combined.count - 1] ^= 1
        #expect(throws: KeyVaultError.authenticationFailed) { try vault.open(tampered, context: "token:tok_1") }
        #expect(!sealed.combined.contains(Data([1, 2, 3])))
    }

    @Test func theKeyFileIsCreatedOnceOwnerOnlyAndRotates() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("master.key").path
        let (vault, created) = try KeyFile.loadOrCreate(at: path, now: 1_000)
        #expect(created)
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        let old = try vault.seal([7, 7, 7], context: "c")
        #expect(old.keyID == 1)
        let (again, createdAgain) = try KeyFile.loadOrCreate(at: path, now: 1_000)
        #expect(!createdAgain)
        #expect(try again.open(old, context: "c") == [7, 7, 7])

        #expect(try KeyFile.rotate(at: path) == 2)
        let rotated = try KeyFile.load(at: path)
        let new = try rotated.seal([8], context: "c")
        #expect(new.keyID == 2)
        #expect(try rotated.open(old, context: "c") == [7, 7, 7])
        #expect(rotated.keyedDigest(of: [1]) == vault.keyedDigest(of: [1]), "fingerprints must survive rotation")
        #expect(throws: KeyVaultError.unknownKey(2)) { try vault.open(new, context: "c") }
    }

    @Test func receiptKeysRotateInTheKeyFileAndAFileFromBeforeReceiptsGetsOne() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("master.key").path
        let (vault, _) = try KeyFile.loadOrCreate(at: path, now: 1_000)
        let first = try #require(vault.receiptKeys.last)
        #expect(vault.receiptKeys.count == 1 && first.retiredAt == nil)

        let id = try KeyFile.rotateReceiptKey(at: path, now: 2_000)
        let rotated = try KeyFile.load(at: path).receiptKeys
        #expect(rotated.map(\.id) == [first.id, id] && rotated.map(\.retiredAt) == [2_000, nil])
        let signature = try KeyFile.load(at: path).signReceipt([1, 2, 3], keyID: id)
        #expect(try #require(rotated.last).publicKey.isValidSignature(signature, for: [1, 2, 3] as [UInt8]))
        #expect(throws: KeyVaultError.unknownReceiptKey(id)) { try vault.signReceipt([1], keyID: id) }

        var contents = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        )
        contents["receiptKeys"] = nil
        try JSONSerialization.data(withJSONObject: contents).write(to: URL(fileURLWithPath: path))
        #expect(throws: KeyVaultError.unavailable("there is no receipt-signing key")) { try KeyFile.load(at: path) }
        let (upgraded, created) = try KeyFile.loadOrCreate(at: path, now: 3_000)
        #expect(!created && upgraded.receiptKeys.count == 1)
        #expect(upgraded.keyedDigest(of: [1]) == vault.keyedDigest(of: [1]), "the other keys are kept")
    }

    @Test func aDamagedKeyFileIsATypedError() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("master.key").path
        try Data("not json".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: KeyVaultError.unavailable("the key file \(path) cannot be read")) { try KeyFile.load(at: path) }
    }
}
