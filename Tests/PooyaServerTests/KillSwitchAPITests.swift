import Foundation
import OneTimePassword
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
import PooyaTesting
import Testing

/// The routes of the bank's own channels for cardholders: completing an activation without an app, suspending a
/// card's dynamic PINs, and staff's unlock; each with its scope and typed problems.
struct KillSwitchAPITests {
    @Test func anATMCompletesAnActivationWithTheTypedSMSPartAndTheCardShowsIt() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .activate)) { client, _ in
            try await harness.registerCard(client)
            let activation = try await client.startActivation(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        mobile: ServerHarness.mobile,
                        kind: .second,
                        channel: .atm
                    )
                )
            ).created.body.json
            let typed = DecimalDigits.persian(try await harness.smsPart().grouped)
            let wrong = try await client.confirmActivation(
                path: .init(serial: activation.serial),
                body: .json(.init(smsPart: "123"))
            )
            #expect(try wrong.unprocessableContent.body.applicationProblemJson.code == "invalid_request")
            let confirmed = try await client.confirmActivation(
                path: .init(serial: activation.serial),
                body: .json(.init(smsPart: typed))
            ).ok.body.json
            #expect(confirmed.kind == .second && confirmed.maskedPan == "610433******0018")
            let again = try await client.confirmActivation(
                path: .init(serial: activation.serial),
                body: .json(.init(smsPart: typed))
            )
            #expect(try again.gone.body.applicationProblemJson.code == "activation_closed")
            let unknown = try await client.confirmActivation(
                path: .init(serial: "0000000000"),
                body: .json(.init(smsPart: typed))
            )
            #expect(try unknown.notFound.body.applicationProblemJson.code == "activation_not_found")
            let status = try await client.getCard(path: .init(cardId: confirmed.cardId)).ok.body.json
            #expect(status.smsActivated && status.staticSecondPinDisabled && !status.suspended)
        }
    }

    @Test func theBankSuspendsForTheCardholderAndStaffUnlockALockedCard() async throws {
        let harness = try ServerHarness()
        let staff = try await harness.key(.admin)
        try await harness.withClient(key: try await harness.key(.cards, .activate, .verify)) { client, _ in
            try await harness.registerCard(client)
            let token = try await harness.provision(client)
            let cardID = try await client.lookupCard(body: .json(.init(pan: ServerHarness.pan))).ok.body.json.cardId
            for transaction in ["a", "b", "c"] {
                _ = try await client.verifyPIN(
                    body: .json(
                        .init(
                            pan: ServerHarness.pan,
                            code: "0000000",
                            kind: .second,
                            amount: 1,
                            merchantId: "m",
                            transactionId: transaction
                        )
                    )
                ).ok
            }
            let locked = try await client.getCard(path: .init(cardId: cardID)).ok.body.json
            #expect(locked.locks.contains { $0.kind == .second && $0.locked && $0.consecutiveFailures == 3 })
            let forbidden = try await client.unlockCard(path: .init(cardId: cardID))
            #expect(try forbidden.forbidden.body.applicationProblemJson.code == "forbidden", "unlock is staff's")
            try await harness.withClient(key: staff) { admin, _ in
                _ = try await admin.unlockCard(path: .init(cardId: cardID)).noContent
                let missing = try await admin.unlockCard(path: .init(cardId: "crd_none"))
                #expect(try missing.notFound.body.applicationProblemJson.code == "unknown_card")
            }
            let code = try TokenGenerator(seed: token.seed, parameters: token.parameters).code(at: harness.clock.now())
            let pays = try await client.verifyPIN(
                body: .json(
                    .init(
                        pan: ServerHarness.pan,
                        code: code,
                        kind: .second,
                        amount: 1,
                        merchantId: "m",
                        transactionId: "d"
                    )
                )
            ).ok
            #expect(try pays.body.json.decision == .approved, "unlocked")

            _ = try await client.suspendCard(path: .init(cardId: cardID)).noContent
            _ = try await client.suspendCard(path: .init(cardId: cardID)).noContent
            try await harness.deliverSMS()
            #expect(harness.sms.messages.filter { $0.purpose == .suspension }.count == 1, "told once")
            let suspended = try await client.getCard(path: .init(cardId: cardID)).ok.body.json
            #expect(suspended.suspended && suspended.tokens.isEmpty)
            let metrics = try await harness.metrics()
            #expect(metrics.contains(#"pooya_suspensions_total{channel="api"} 1"#))
            #expect(metrics.contains(#"pooya_locks_total{kind="second"} 1"#))
        }
    }
}
