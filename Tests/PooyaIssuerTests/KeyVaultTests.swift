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
        let (vault, created) = try KeyFile.loadOrCreate(at: path)
        #expect(created)
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        let old = try vault.seal([7, 7, 7], context: "c")
        #expect(old.keyID == 1)
        let (again, createdAgain) = try KeyFile.loadOrCreate(at: path)
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

    @Test func aDamagedKeyFileIsATypedError() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("master.key").path
        try Data("not json".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: KeyVaultError.unavailable("the key file \(path) cannot be read")) { try KeyFile.load(at: path) }
    }
}
