import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import PooyaTesting
import Testing

/// `systemctl reload pooya` (SIGHUP): a running service takes a rotated key without a restart.
struct KeyReloadBinaryTests {
    /// The key ids `GET /v1/receipts/keys` lists.
    func listedKeys(_ base: String) async throws -> [String] {
        let (body, _) = try await URLSession.shared.data(from: URL(string: base + "/v1/receipts/keys")!)
        let set = try JSONSerialization.jsonObject(with: body) as? [String: [[String: String]]]
        return set?["keys"]?.compactMap { $0["kid"] } ?? []
    }

    /// The `kid` in a receipt's header.
    func keyID(of receipt: String) throws -> String? {
        var header = String(try #require(receipt.split(separator: ".").first))
        header = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        header += String(repeating: "=", count: (4 - header.count % 4) % 4)
        let json = try JSONSerialization.jsonObject(with: try #require(Data(base64Encoded: header)))
        return (json as? [String: String])?["kid"]
    }

    @Test func aRotatedReceiptKeySignsAfterSIGHUPWithoutARestart() async throws {
        let bank = try await ServedBank()
        _ = try await bank.post("/v1/cards", #"{"pan":"6104337800000018","mobile":"09121234567"}"#)
        func staticPIN(_ transaction: String) async throws -> String? {
            try await bank.post(
                "/v1/verifications",
                #"{"pan":"6104337800000018","staticPin":true,"kind":"second","amount":1000,"merchantId":"shop","#
                    + #""transactionId":"\#(transaction)"}"#
            )["receipt"] as? String
        }
        let before = try #require(try await staticPIN("before"))
        let first = try await listedKeys(bank.base)
        #expect(try first.count == 1 && keyID(of: before) == first.first)

        let rotated = try await run(bank.pooya, ["admin", "keys", "rotate", "receipts", "--data", bank.data])
        let newID = try #require(rotated.standardOutput.firstMatch(of: /receipt key ([A-Za-z0-9_-]{43}) signs/)).output
            .1
        kill(bank.server.processIdentifier, SIGHUP)
        var listed = first
        for _ in 0..<100 where listed.count < 2 {
            try await Task.sleep(for: .milliseconds(50))
            listed = try await listedKeys(bank.base)
        }
        #expect(listed == first + [String(newID)], "the retired key is listed beside the new one")
        let after = try #require(try await staticPIN("after"))
        #expect(try keyID(of: after) == String(newID), "the new key signs, and the service never stopped")
        #expect(bank.server.isRunning)
        await bank.stop()
    }
}
