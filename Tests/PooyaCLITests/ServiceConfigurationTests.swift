import Configuration
import Foundation
import Logging
import OneTimePassword
import PooyaCLI
import PooyaIssuer
import PooyaSMS
import PooyaServer
import PooyaTesting
import Testing

struct ServiceConfigurationTests {
    private func configuration(_ json: String?) async throws -> ServiceConfiguration {
        guard let json else { return try ServiceConfiguration(reader: await ServiceConfiguration.reader(file: nil)) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pooya-\(UUID().uuidString).json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try ServiceConfiguration(reader: await ServiceConfiguration.reader(file: file.path))
    }

    @Test func withNothingConfiguredTheDefaultsAreTheDomainsNumbers() async throws {
        let configuration = try await configuration(nil)
        #expect(configuration.server.host == "127.0.0.1" && configuration.server.port == 8080)
        #expect(configuration.policy == IssuerPolicy())
        #expect(configuration.limits.perCardActivations == .init(5, per: 3600))
        #expect(configuration.logLevel == .info)
    }

    @Test func aTokensPINNeverShowsInTheVaultsSettings() throws {
        let settings = KeyVaultSettings.pkcs11(module: "/usr/lib/softhsm/libsofthsm2.so", token: "pooya", pin: "917364")
        var dumped = ""
        dump(settings, to: &dumped)
        for shown in [String(describing: settings), String(reflecting: settings), dumped] {
            #expect(shown.contains("the PKCS#11 token pooya") && !shown.contains("917364"), "\(shown)")
        }
    }

    @Test func aFileSetsEveryKey() async throws {
        let configuration = try await configuration(
            """
            {"http": {"host": "0.0.0.0", "port": 8443, "maxConnections": 50, "headerTimeoutSeconds": 5,
                      "bodyTimeoutSeconds": 7, "idleTimeoutSeconds": 30, "trustedProxies": ["10.0.0.2", "::1"]},
             "log": {"level": "warning"},
             "policy": {"secondPin": {"digits": 8, "period": 30, "stepsBehind": 2, "algorithm": "SHA256"},
                        "firstPin": {"digits": 6}, "failuresBeforeLock": 5, "activationHours": 48,
                        "activationAttempts": 3},
             "limits": {"clientKeyPerMinute": 600, "handshakesPerAddressPerMinute": 5,
                        "verificationsPerCardPerMinute": 10, "activationsPerCardPerHour": 2}}
            """
        )
        #expect(configuration.server.host == "0.0.0.0" && configuration.server.port == 8443)
        #expect(configuration.server.connections.maximumConnections == 50)
        #expect(configuration.server.connections.headerTimeout == .seconds(5))
        #expect(configuration.server.connections.bodyTimeout == .seconds(7))
        #expect(configuration.server.connections.idleTimeout == .seconds(30))
        #expect(configuration.server.trustedProxies == ["10.0.0.2", "::1"])
        #expect(configuration.logLevel == .warning)
        #expect(
            configuration.policy.secondPIN == .init(digits: 8, period: 30, algorithm: .sha256, window: .init(behind: 2))
        )
        #expect(configuration.policy.firstPIN.digits == 6)
        #expect(configuration.policy.failuresBeforeLock == 5 && configuration.policy.activationLifetime == 48 * 3600)
        #expect(configuration.limits.perClientKey == .init(600, per: 60))
        #expect(configuration.limits.perCardActivations == .init(2, per: 3600))
    }

    @Test func aBanksOwnSMSWordingIsTakenAndOneThatWouldNotFitOrLacksAFieldStopsTheStart() async throws {
        let worded = try await configuration(
            #"{"sms": {"templates": {"code": "کد {code} کارت {lastFour}، {until}. {doNotShare}", "doNotShare": "محرمانه"}}}"#
        )
        #expect(worded.templates.texts[.code] == "کد {code} کارت {lastFour}، {until}. {doNotShare}")
        #expect(worded.templates.doNotShare == "محرمانه")
        await #expect(throws: IssuerError.unsafePolicy("sms.templates.challenge must contain {amount}")) {
            _ = try await configuration(
                #"{"sms": {"templates": {"challenge": "{type} {merchant} {code} {doNotShare}"}}}"#
            )
        }
        let long = String(repeating: "متن بلند ", count: 10)
        await #expect(throws: IssuerError.self) {
            _ = try await configuration(#"{"sms": {"templates": {"neutral": "\#(long)"}}}"#)
        }
    }

    @Test func smsGatewaysAndCodeLimitsAreConfigured() async throws {
        #expect(try await configuration(nil).smsGateway == .file)
        let kannel = try await configuration(
            """
            {"sms": {"gateway": "kannel", "webOtpHost": "pay.bank.ir",
                     "kannel": {"url": "http://127.0.0.1:13013/cgi-bin/sendsms", "username": "u", "password": "p",
                                "sender": "Mellat", "deliveryReportUrl": "http://127.0.0.1:8080/v1/sms/deliveries"}},
             "policy": {"smsCodeSeconds": 180, "codesPerCardPerMinute": 1, "codesPerCardPerHour": 5},
             "limits": {"inboundSmsPerSenderPerHour": 3}}
            """
        )
        #expect(
            kannel.smsGateway
                == .kannel(
                    .init(
                        url: URL(string: "http://127.0.0.1:13013/cgi-bin/sendsms")!,
                        username: "u",
                        password: "p",
                        sender: "Mellat",
                        deliveryReportURL: URL(string: "http://127.0.0.1:8080/v1/sms/deliveries")
                    )
                )
        )
        #expect(kannel.webOTPHost == "pay.bank.ir")
        #expect(kannel.policy.issuedCodeLifetime == 180 && kannel.policy.issuedCodesPerMinute == 1)
        #expect(kannel.policy.issuedCodesPerHour == 5 && kannel.limits.perSenderInboundSMS == .init(3, per: 3600))
        let http = try await configuration(
            """
            {"sms": {"gateway": "http", "http": {"url": "https://sms.example/send", "headers": ["apikey: s3cret"],
                     "body": "{\\"to\\": \\"{{toLocal}}\\"}"}}}
            """
        )
        #expect(
            http.smsGateway
                == .http(
                    .init(
                        url: URL(string: "https://sms.example/send")!,
                        headers: ["apikey": "s3cret"],
                        bodyTemplate: #"{"to": "{{toLocal}}"}"#
                    )
                )
        )
    }

    @Test(arguments: [
        #"{"policy": {"failuresBeforeLock": 9}}"#,
        #"{"policy": {"secondPin": {"digits": 5}}}"#,
        #"{"policy": {"secondPin": {"period": 120}}}"#,
        #"{"policy": {"secondPin": {"algorithm": "MD5"}}}"#,
        #"{"limits": {"activationsPerCardPerHour": 0}}"#,
        #"{"log": {"level": "loud"}}"#,
        #"{"policy": {"smsCodeSeconds": 30}}"#,
        #"{"policy": {"codesPerCardPerHour": 99}}"#,
        #"{"sms": {"gateway": "pigeon"}}"#,
        #"{"sms": {"gateway": "kannel", "kannel": {"url": "http://127.0.0.1:13013/"}}}"#,
        #"{"sms": {"gateway": "kannel", "kannel": {"url": "not a url", "username": "u", "password": "p"}}}"#,
        #"{"sms": {"gateway": "http", "http": {"url": "https://sms.example/send"}}}"#,
        #"{"sms": {"gateway": "http", "http": {"url": "https://x/", "body": "{}", "headers": ["no colon"]}}}"#,
    ])
    func unsafeOrMalformedValuesAreRefusedAtStart(json: String) async throws {
        await #expect(throws: IssuerError.self) { try await configuration(json) }
    }
}

struct ServeConfigurationBinaryTests {
    @Test func serveRefusesAnUnsafePolicyFromTheEnvironmentBeforeListening() async throws {
        let pooya = try #require(Programs.pooya)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pooya-tests-conf-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await run(
            pooya,
            ["serve", "--data", folder.path, "--port", "0"],
            environment: ["POOYA_POLICY_FAILURES_BEFORE_LOCK": "9"]
        )
        let message = result.standardError
        #expect(result.status != 0)
        #expect(message.contains("failures before lock must be 3 to 5"), "\(message)")
    }
}
