import Foundation
import PooyaTesting
import Testing

/// The master key rotated end to end with the real binaries: a new key, every secret sealed again while the service
/// runs, the old key retired, and the cardholder's token still paying.
struct KeyRotationBinaryTests {
    @Test func aRotatedMasterKeyTakesOverEverySecretAndTheOldOneIsRetired() async throws {
        let bank = try await ServedBank()
        let (pooya, data) = (bank.pooya, bank.data)
        try await bank.cardWithToken()

        let rotated = try await run(pooya, ["admin", "keys", "rotate", "master", "--data", data])
        #expect(
            rotated.standardOutput.hasPrefix("master key 2 seals from each node's next reload (SIGHUP) or start"),
            "\(rotated)"
        )
        // Every node restarts, so that what it seals from now on is under key 2; then the secrets are resealed.
        await bank.server.stop()
        let (server, base) = try await startServe(pooya, data: data)
        let restarted = ServedBank(restoredFrom: bank, base: base)
        let resealed = try await run(pooya, ["admin", "keys", "reseal", "--data", data, "--batch", "1", "--retire"])
        #expect(resealed.status == 0, "\(resealed.standardError)")
        #expect(
            resealed.standardOutput == "resealed 3 secrets under master key 2\nretired master keys 1\n",
            "\(resealed.standardOutput)"
        )
        let keyFile = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: "\(data)/master.key"))
        )
        #expect(((keyFile as? [String: Any])?["masterKeys"] as? [String: Any])?.keys.sorted() == ["2"])
        await server.stop()

        let (again, againBase) = try await startServe(pooya, data: data)
        let afterRetiring = ServedBank(restoredFrom: restarted, base: againBase)
        let decision = try await afterRetiring.pay(try await afterRetiring.code(), transaction: "after-rotation")
        #expect(decision["decision"] as? String == "approved", "the seed opens under key 2 alone: \(decision)")
        #expect(try await run(pooya, ["admin", "audit", "verify", "--data", data]).status == 0)
        await again.stop()
        await bank.stop()
    }
}
