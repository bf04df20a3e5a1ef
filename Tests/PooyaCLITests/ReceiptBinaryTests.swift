import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import PooyaTesting
import Testing

/// The switch's side with the real binaries: an approval's receipt checked offline with the served key set, and a
/// rotated receipt key served beside the retired one.
struct ReceiptBinaryTests {
    @Test func aReceiptChecksOfflineWithTheServedKeysAndStillDoesAfterTheKeyIsRotated() async throws {
        let bank = try await ServedBank()
        let (pooya, data) = (bank.pooya, bank.data)
        try await bank.cardWithToken()
        let decision = try await bank.pay(try await bank.code(), transaction: "switch-1")
        let receipt = try #require(decision["receipt"] as? String, "\(decision)")
        #expect(decision["isoResponseCode"] as? String == "00")

        let keys = bank.folder.appendingPathComponent("receipt-keys.json")
        let (served, _) = try await URLSession.shared.data(from: URL(string: bank.base + "/v1/receipts/keys")!)
        try served.write(to: keys)
        let checked = try await run(pooya, ["receipt", "verify", receipt, "--keys", keys.path])
        #expect(checked.status == 0, "\(checked.standardError)")
        let claims = try JSONSerialization.jsonObject(with: Data(checked.standardOutput.utf8)) as? [String: Any]
        #expect(claims?["txn"] as? String == "switch-1" && claims?["amt"] as? Int == 2_500_000)
        #expect(claims?["mth"] as? String == "app" && claims?["pan"] as? String == "610433******0018")

        var altered = Array(receipt)
        altered[altered.count - 2] = altered[altered.count - 2] == "A" ? "B" : "A"
        let refused = try await run(pooya, ["receipt", "verify", String(altered), "--keys", keys.path])
        #expect(refused.status == 1 && refused.standardError.contains("not valid: bad_signature"), "\(refused)")
        let late = try await run(pooya, ["receipt", "verify", receipt, "--keys", keys.path, "--at", "9999999999"])
        #expect(late.status == 1 && late.standardError.contains("not valid: expired"))

        let rotated = try await run(pooya, ["admin", "keys", "rotate", "receipts", "--data", data])
        let newID = try #require(rotated.standardOutput.firstMatch(of: /receipt key ([A-Za-z0-9_-]{43}) signs/)).output
            .1
        await bank.server.stop()
        let (server, base) = try await startServe(pooya, data: data)
        let (listed, _) = try await URLSession.shared.data(from: URL(string: base + "/v1/receipts/keys")!)
        let set = try JSONSerialization.jsonObject(with: listed) as? [String: [[String: String]]]
        let ids = set?["keys"]?.compactMap { $0["kid"] } ?? []
        #expect(ids.count == 2 && ids.last == String(newID), "the retired key is listed until its receipts expire")
        try listed.write(to: keys)
        #expect(try await run(pooya, ["receipt", "verify", receipt, "--keys", keys.path]).status == 0)
        await server.stop()
        await bank.stop()
    }
}
