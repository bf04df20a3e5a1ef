import Crypto
import Foundation
import PooyaIssuer
import PooyaKeyVault
import PooyaPKCS11
import PooyaTesting
import Testing

/// The shared key-vault contract, against the file vault's key ring and the PKCS#11 vault on SoftHSM2.
struct KeyVaultContractTests {
    @Test("the file vault's key ring", arguments: KeyVaultContract.checks.keys.sorted())
    func fileVault(check: String) async throws {
        let contract = KeyVaultContract { zoneKeys in
            try TestKeys.randomVault(zoneKeys: zoneKeys.map { try ZoneKey(id: $0.id, cipher: $0.cipher, key: $0.key) })
        }
        try await KeyVaultContract.checks[check]!(contract)
    }

    @Test("PKCS#11 on SoftHSM2", arguments: KeyVaultContract.checks.keys.sorted())
    func pkcs11Vault(check: String) async throws {
        guard let module = SoftHSM.module else {
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "CI must have softhsm2: scripts/test installs it")
            return
        }
        let contract = KeyVaultContract { zoneKeys in
            let token = try SoftHSM.token()
            let vault = try PKCS11KeyVault(module: module, token: token, pin: SoftHSM.pin)
            for key in zoneKeys { try vault.importZoneKey(id: key.id, cipher: key.cipher, key: key.key) }
            return zoneKeys.isEmpty ? vault : try PKCS11KeyVault(module: module, token: token, pin: SoftHSM.pin)
        }
        try await KeyVaultContract.checks[check]!(contract)
    }
}
