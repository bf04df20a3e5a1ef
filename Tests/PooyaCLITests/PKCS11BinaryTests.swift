import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import PooyaTesting
import Testing

/// `pooya serve` and `pooya admin` with their keys in a PKCS#11 token (SoftHSM2): nothing in the data folder, a
/// payment as with the key file, and a wrong PIN refused by name without the PIN.
struct PKCS11BinaryTests {
    /// SoftHSM2's module, a token of this test's own, and the environment that points `pooya` at it; `nil` (an issue
    /// under CI) without SoftHSM2.
    static func token() throws -> (module: String, token: String, environment: [String: String])? {
        guard let module = SoftHSM.module else {
            #expect(!Programs.isCI, "CI must have softhsm2 and its tokens: scripts/test makes them")
            return nil
        }
        let token = try SoftHSM.token()
        let environment = [
            "POOYA_KEY_VAULT": "pkcs11", "POOYA_KEY_PKCS11_MODULE": module, "POOYA_KEY_PKCS11_TOKEN": token,
            "POOYA_KEY_PKCS11_PIN": SoftHSM.pin,
        ]
        return (module, token, environment)
    }

    @Test func theServiceKeepsItsKeysInATokenAndAPaymentGoesAsWithTheKeyFile() async throws {
        guard let (_, _, environment) = try Self.token() else { return }
        let bank = try await ServedBank(environment: environment)
        let (pooya, data) = (bank.pooya, bank.data)
        try await bank.cardWithToken()
        let decision = try await bank.pay(try await bank.code(), transaction: "hsm-1")
        #expect(decision["decision"] as? String == "approved", "\(decision)")
        #expect(!FileManager.default.fileExists(atPath: "\(data)/master.key"), "no key in the data folder")

        let receipt = try #require(decision["receipt"] as? String)
        let (served, _) = try await URLSession.shared.data(from: URL(string: bank.base + "/v1/receipts/keys")!)
        let keys = bank.folder.appendingPathComponent("keys.json")
        try served.write(to: keys)
        #expect(try await run(pooya, ["receipt", "verify", receipt, "--keys", keys.path]).status == 0)

        let imported = try await runProgram(
            pooya,
            [
                "admin", "keys", "zpk", "import", "--id", "atm-zpk", "--cipher", "tdes", "--components", "1", "--data",
                data,
            ],
            environment: environment,
            standardInput: Data("0123456789ABCDEFFEDCBA9876543210\n".utf8)
        )
        #expect(imported.standardOutput.hasSuffix("zone key atm-zpk (tdes) imported: KCV 08D7B4\n"), "\(imported)")
        let listed = try await run(pooya, ["admin", "keys", "zpk", "list", "--data", data], environment: environment)
        #expect(listed.standardOutput == "atm-zpk\ttdes\tKCV 08D7B4\n")
        #expect(
            try await run(pooya, ["admin", "audit", "verify", "--data", data], environment: environment).status == 0
        )

        var wrongPIN = environment
        wrongPIN["POOYA_KEY_PKCS11_PIN"] = "987654"
        let refused = try await run(pooya, ["admin", "keys", "zpk", "list", "--data", data], environment: wrongPIN)
        #expect(refused.status != 0 && refused.standardError.contains("C_Login failed"), "\(refused.standardError)")
        #expect(!refused.standardError.contains("987654"))
        await bank.stop()
    }

    @Test func aKeyFilesKeysMoveIntoATokenAndEverythingMadeBeforeStillHolds() async throws {
        guard let (module, token, hsm) = try Self.token() else { return }
        let bank = try await ServedBank()
        let (pooya, data) = (bank.pooya, bank.data)
        try await bank.cardWithToken()
        let receipt = try #require(
            try await bank.pay(try await bank.code(), transaction: "before-hsm")["receipt"] as? String
        )
        await bank.server.stop()

        let moved = try await run(
            pooya,
            ["admin", "keys", "import-into-token", "--module", module, "--token", token, "--data", data],
            environment: ["POOYA_KEY_PKCS11_PIN": SoftHSM.pin]
        )
        #expect(moved.standardOutput.hasPrefix("moved 1 master keys, the fingerprint key, 1 receipt keys"), "\(moved)")
        let again = try await run(
            pooya,
            ["admin", "keys", "import-into-token", "--module", module, "--token", token, "--data", data],
            environment: ["POOYA_KEY_PKCS11_PIN": SoftHSM.pin]
        )
        #expect(again.status != 0 && again.standardError.contains("already holds Pooya's keys"))

        let (server, base) = try await startServe(pooya, data: data, environment: hsm)
        let onToken = ServedBank(restoredFrom: bank, base: base)
        // The client key made under the file's fingerprint key still opens the door, and the receipt signed by the
        // file's receipt key is redeemed through the token.
        let redeemed = try await onToken.post("/v1/receipts/verify", #"{"receipt":"\#(receipt)"}"#)
        #expect(redeemed["status"] as? String == "redeemed", "\(redeemed)")
        await server.stop()
        // Every secret sealed under the file's master key opens in the token: a rotation there reseals them all, and
        // the old key is then destroyed in the token.
        _ = try await run(pooya, ["admin", "keys", "rotate", "master", "--data", data], environment: hsm)
        let resealed = try await run(pooya, ["admin", "keys", "reseal", "--data", data, "--retire"], environment: hsm)
        #expect(
            resealed.standardOutput == "resealed 3 secrets under master key 2\nretired master keys 1\n",
            "\(resealed)"
        )
        #expect(try await run(pooya, ["admin", "audit", "verify", "--data", data], environment: hsm).status == 0)
        await bank.stop()
    }
}
