import Foundation
import OneTimePassword
import PooyaAPI
import PooyaIssuer
import PooyaKeyVault
import PooyaTesting
import Testing

/// Verification by PIN block over HTTP: blocks made by psec for the current code are decided as a typed code is, and
/// a block that cannot be read is a 422 that counts nothing.
struct PINBlockRouteTests {
    static let tdes = "0123456789ABCDEFFEDCBA9876543210"
    static let aes = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF"

    @Test func aPINBlockIsDecidedAsATypedCodeAndAnUnreadableOneCountsNothing() async throws {
        guard let python = Psec.python else {
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "CI must have psec: scripts/test installs it")
            return
        }
        let harness = try ServerHarness(zoneKeys: [
            ZoneKey(id: "atm-zpk", cipher: .tdes, key: Hex.decode(Self.tdes)),
            ZoneKey(id: "ipg-zpk", cipher: .aes, key: Hex.decode(Self.aes)),
        ])
        try await harness.withClient(key: try await harness.key(.cards, .activate, .verify)) { client, _ in
            let typed = try await harness.approvableRequest(client)
            let code = try #require(typed.code)
            let made = try await Psec.make(
                [
                    .init(format: "iso0", key: Self.tdes, pin: code, pan: ServerHarness.pan),
                    .init(format: "iso4", key: Self.aes, pin: code, pan: ServerHarness.pan),
                    .init(format: "iso3", key: Self.tdes, pin: "7654321", pan: ServerHarness.pan),
                ],
                with: python
            )
            func request(
                _ index: Int,
                _ format: Components.Schemas.VerificationRequest.PinBlockFormatPayload,
                _ key: String,
                transaction: String
            ) -> Components.Schemas.VerificationRequest {
                var request = typed
                request.code = nil
                request.pinBlock = made[index].block
                request.pinBlockFormat = format
                request.zoneKeyId = key
                request.transactionId = transaction
                return request
            }
            let approved = try await client.verifyPIN(body: .json(request(0, .iso0, "atm-zpk", transaction: "b1")))
                .ok.body.json
            #expect(approved.decision == .approved && approved.isoResponseCode == "00" && approved.receipt != nil)
            let replayed = try await client.verifyPIN(body: .json(request(1, .iso4, "ipg-zpk", transaction: "b2")))
                .ok.body.json
            #expect(replayed.reason == .replayed && replayed.attemptsLeft == 3, "the same code in format 4")

            for (bad, problem) in [
                (request(0, .iso0, "ipg-zpk", transaction: "b3"), "unknown_zone_key"),
                (request(0, .iso0, "nobody", transaction: "b4"), "unknown_zone_key"),
                (request(1, .iso4, "atm-zpk", transaction: "b5"), "unknown_zone_key"),
                (request(0, .iso4, "ipg-zpk", transaction: "b6"), "malformed_pin_block"),
            ] {
                let refused = try await client.verifyPIN(body: .json(bad)).unprocessableContent.body
                #expect(try refused.applicationProblemJson.code == problem, "\(bad.transactionId)")
            }
            var wrongCard = request(0, .iso0, "atm-zpk", transaction: "b7")
            wrongCard.pan = "6104337800000026"
            let mismatch = try await client.verifyPIN(body: .json(wrongCard)).unprocessableContent.body
            #expect(try mismatch.applicationProblemJson.code == "pin_block_pan_mismatch")
            var both = request(0, .iso0, "atm-zpk", transaction: "b8")
            both.code = code
            #expect(
                try await client.verifyPIN(body: .json(both)).unprocessableContent.body.applicationProblemJson.code
                    == "invalid_request"
            )
            var bare = request(0, .iso0, "atm-zpk", transaction: "b9")
            bare.zoneKeyId = nil
            #expect(
                try await client.verifyPIN(body: .json(bare)).unprocessableContent.body.applicationProblemJson.code
                    == "invalid_request"
            )

            // A PIN the cardholder typed that is no code of the card (a static PIN, say): a wrong code, counted.
            let wrong = try await client.verifyPIN(body: .json(request(2, .iso3, "atm-zpk", transaction: "b10")))
                .ok.body.json
            #expect(wrong.reason == .invalidCode && wrong.attemptsLeft == 2, "the unreadable blocks counted nothing")
        }
    }
}
