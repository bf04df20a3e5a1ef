import Crypto
import Foundation
import OneTimePassword
import PooyaAuthenticator
import PooyaIssuer
import PooyaProtocol
import PooyaTesting
import Testing

/// A cardholder's encrypted backup carries to a new device what the banks allow, and names the rest.
struct BackupTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    private func bankToken(_ card: String, exportable: Bool?, seed: String) -> StoredToken {
        StoredToken(
            source: .issuer(
                TokenParameters(
                    tokenID: "tok-\(card)",
                    kind: .second,
                    algorithm: .sha1,
                    digits: 7,
                    period: 60,
                    maskedPAN: card,
                    bank: "Bank Mellat",
                    exportable: exportable
                ),
                server: "http://issuer.test"
            ),
            seed: Array(seed.utf8),
            addedAt: 1
        )
    }

    private var backupPath: String { folder.url.appendingPathComponent("backup.vault").path }

    @Test func aBackupCarriesExportableTokensAndAccountsAndNamesTheRest() throws {
        var vault = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        let travelling = bankToken("610433******0018", exportable: true, seed: "travelling-seed-0001")
        let staying = bankToken("603799******0026", exportable: nil, seed: "staying-seed-0000002")
        try vault.add(travelling)
        try vault.add(staying)
        _ = try Authenticator.importURI(
            "otpauth://totp/Mail:me@example.ir?secret=GEZDGNBVGY3TQOJQ&issuer=Mail",
            to: &vault,
            now: 1
        )
        let backup = try vault.export(to: backupPath, password: "backup-pass-2", derivation: TestKeyDerivation())
        #expect(backup.tokens.map(\.label) == ["610433******0018", "Mail:me@example.ir"])
        #expect(backup.toReactivate == ["603799******0026"])
        let reopened = try Vault.open(at: backupPath, password: "backup-pass-2", derivation: TestKeyDerivation())
        #expect(!reopened.tokens.contains { $0.seed == staying.seed }, "the staying token's seed is not in it")
        let file = try Data(contentsOf: URL(fileURLWithPath: backupPath))
        #expect(file.range(of: Data("staying-seed".utf8)) == nil && file.range(of: Data("travelling".utf8)) == nil)

        // Restored on another device, the travelling token makes the same codes.
        let other = folder.url.appendingPathComponent("other.vault").path
        var newDevice = try Vault.create(at: other, password: "new-phone-9", derivation: TestKeyDerivation())
        let (added, toReactivate) = try newDevice.importBackup(
            at: backupPath,
            password: "backup-pass-2",
            derivation: TestKeyDerivation()
        )
        #expect(added.count == 2 && toReactivate == ["603799******0026"])
        let restored = try #require(newDevice.tokens.first { $0.label == "610433******0018" })
        #expect(try restored.code(at: 1_800_000_000).code == travelling.code(at: 1_800_000_000).code)
        // Importing twice adds nothing new for the same card.
        #expect(
            try newDevice.importBackup(at: backupPath, password: "backup-pass-2", derivation: TestKeyDerivation())
                .added.filter { $0.label == "610433******0018" }.isEmpty
        )
    }

    @Test func aWrongPasswordADamagedAndATamperedBackupAreToldApartAndABackupNeverOverwrites() throws {
        let vault = try Vault.create(at: folder.vaultPath, password: "hello1234", derivation: TestKeyDerivation())
        try vault.export(to: backupPath, password: "backup-pass-2", derivation: TestKeyDerivation())
        #expect(throws: VaultError.storage("\(backupPath) exists already")) {
            try vault.export(to: backupPath, password: "backup-pass-2", derivation: TestKeyDerivation())
        }
        var target = vault
        #expect(throws: VaultError.wrongPassword) {
            try target.importBackup(at: backupPath, password: "not-it-123", derivation: TestKeyDerivation())
        }
        // Tampered: someone changed the contents and recomputed the checksum.
        let url = URL(fileURLWithPath: backupPath)
        var json = try #require(JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as? [String: Any])
        var contents = try #require(Data(base64Encoded: json["contents"] as? String ?? ""))
        contents[contents.count / 2] ^= 1
        json["contents"] = contents.base64EncodedString()
        json.removeValue(forKey: "checksum")
        let unsummed = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        json["checksum"] = SHA256.hash(data: unsummed).map { String(format: "%02x", $0) }.joined()
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: url)
        #expect(throws: VaultError.tampered) {
            try target.importBackup(at: backupPath, password: "backup-pass-2", derivation: TestKeyDerivation())
        }
        // Damaged: a byte changed and nobody recomputed anything.
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count / 2] ^= 0x20
        try bytes.write(to: url)
        #expect(throws: VaultError.damaged) {
            try target.importBackup(at: backupPath, password: "backup-pass-2", derivation: TestKeyDerivation())
        }
    }

    @Test(arguments: [true, false])
    func theBankDecidesAtProvisioningWhetherATokenMayTravel(exportable: Bool) async throws {
        var policy = IssuerPolicy()
        policy.tokensExportable = exportable
        let issuer = try IssuerUnderTest(policy: policy)
        let (screen, sms) = try await issuer.activate()
        try await issuer.withConnection { connection in
            let (vault, token) = try await issuer.vaultWithToken(screen, sms, in: folder, over: connection)
            guard case .issuer(let parameters, _) = token.source else { return }
            #expect(parameters.exportable == (exportable ? true : nil))
            let backup = try vault.export(to: backupPath, password: "backup-pass-2", derivation: TestKeyDerivation())
            #expect(backup.tokens.count == (exportable ? 1 : 0) && backup.toReactivate.count == (exportable ? 0 : 1))
        }
    }
}
