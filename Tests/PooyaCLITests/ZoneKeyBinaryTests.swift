import Foundation
import OneTimePassword
import PooyaTesting
import Testing

/// A zone PIN key's ceremony with the real binary, and a payment whose code comes in a PIN block made by psec.
struct ZoneKeyBinaryTests {
    @Test func componentsMakeAKeyWhoseCheckValuesMatchPsecsAndAPINBlockUnderItPays() async throws {
        guard let python = Psec.python else {
            #expect(!Programs.isCI, "CI must have psec in .build-venv: scripts/test installs it")
            return
        }
        let key = "0123456789ABCDEFFEDCBA9876543210"
        let first = "1111111111111111AAAAAAAAAAAAAAAA"
        let second = Hex.encode(zip(try Hex.decode(key), try Hex.decode(first)).map { $0 ^ $1 }).uppercased()
        let pan = "6104337800000018"
        let checks = try await Psec.make(
            [first, second, key].map { .init(format: "iso0", key: $0, pin: "1234", pan: pan) },
            with: python
        ).map { $0.kcv ?? "" }

        let bank = try await ServedBank()
        let (pooya, data) = (bank.pooya, bank.data)
        let imported = try await runProgram(
            pooya,
            ["admin", "keys", "zpk", "import", "--id", "atm-zpk", "--cipher", "tdes", "--data", data],
            standardInput: Data("\(first)\n\(second.lowercased())\n".utf8)
        )
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(
            imported.standardOutput == "component 1: KCV \(checks[0])\ncomponent 2: KCV \(checks[1])\n"
                + "zone key atm-zpk (tdes) imported: KCV \(checks[2])\n"
        )
        let keyFile = try String(contentsOfFile: "\(data)/master.key", encoding: .utf8)
        #expect(!keyFile.contains(key) && !keyFile.lowercased().contains(key.lowercased()), "never stored clear")
        #expect(
            try await run(pooya, ["admin", "keys", "zpk", "list", "--data", data]).standardOutput
                == "atm-zpk\ttdes\tKCV \(checks[2])\n"
        )
        let again = try await runProgram(
            pooya,
            ["admin", "keys", "zpk", "import", "--id", "atm-zpk", "--cipher", "tdes", "--data", data],
            standardInput: Data("\(first)\n\(second)\n".utf8)
        )
        #expect(again.status == 1 && again.standardError.contains("a key with id atm-zpk exists"))
        let short = try await runProgram(
            pooya,
            ["admin", "keys", "zpk", "import", "--id", "z2", "--cipher", "aes", "--components", "1", "--data", data],
            standardInput: Data("0011\n".utf8)
        )
        #expect(short.status == 1 && short.standardError.contains("component 1 is 2 bytes"))

        // A switch sends its AES zone key as a TR-31 key block under the zone master key imported before.
        let kbpk = "00112233445566778899AABBCCDDEEFF0123456789ABCDEF0123456789ABCDEF"
        let aes = "F0E1D2C3B4A5968778695A4B3C2D1E0F"
        let wrapped = try #require(
            try await Psec.make(
                [.init(format: "iso4", key: aes, pin: "1234", pan: pan, kbpk: kbpk, header: "D0000P0AE00N0000")],
                with: python
            ).first
        )
        let master = try await runProgram(
            pooya,
            ["admin", "keys", "kbpk", "import", "--id", "zmk", "--cipher", "aes", "--components", "1", "--data", data],
            standardInput: Data("\(kbpk)\n".utf8)
        )
        #expect(master.status == 0 && master.standardOutput.contains("key block protection key zmk (aes) imported"))
        let fromBlock = try await run(
            pooya,
            [
                "admin", "keys", "zpk", "import", "--id", "ipg-zpk", "--key-block", try #require(wrapped.keyBlock),
                "--kbpk", "zmk", "--data", data,
            ]
        )
        #expect(
            fromBlock.standardOutput == "zone key ipg-zpk (aes) imported: KCV \(wrapped.kcv ?? "")\n",
            "\(fromBlock)"
        )

        // The service reads the key at its next start; a PIN block of the token's code then pays.
        await bank.server.stop()
        let (server, base) = try await startServe(pooya, data: data)
        let restarted = ServedBank(restoredFrom: bank, base: base)
        try await restarted.cardWithToken()
        let code = try await restarted.code()
        let block = try #require(
            try await Psec.make([.init(format: "iso0", key: key, pin: code, pan: pan)], with: python).first?.block
        )
        let decision = try await restarted.post(
            "/v1/verifications",
            #"{"pan":"\#(pan)","pinBlock":"\#(block)","pinBlockFormat":"iso0","zoneKeyId":"atm-zpk","kind":"second","#
                + #""amount":2500000,"merchantId":"shop","transactionId":"atm-1"}"#
        )
        #expect(decision["decision"] as? String == "approved", "\(decision)")
        await server.stop()
        await bank.stop()
    }
}
