import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
@testable import PooyaServer
import PooyaSQLite
import PooyaTesting
import Testing

/// The handshake needs no key, so an anonymous client can send it as often as the limits allow: it must not grow the
/// audit trail at will, nor lock out the many phones that share one address behind a carrier's NAT.
struct HandshakeFloodTests {
    /// A handshake for an activation that does not exist.
    static func junk() -> Components.Schemas.ProvisioningRequest {
        var random = SystemRandomNumberGenerator()
        let code = ActivationCode(receipt: .random(using: &random), sms: .random(using: &random))
        return .init(ProvisioningClient(code: code).request)
    }

    @Test func junkHandshakesFromOneAddressLeaveOneAuditEntryAndAreAllCounted() async throws {
        let harness = try ServerHarness()
        guard case .intact(let before) = try await harness.issuer.verifyAuditChain() else {
            Issue.record("the audit trail is broken")
            return
        }
        try await harness.withClient(live: true) { client, _ in
            for _ in 0..<15 {
                _ = try await client.offerToken(body: .json(Self.junk())).notFound
                _ = try await client.provisionToken(body: .json(Self.junk())).notFound
            }
            let text = try await harness.metrics()
            #expect(
                text.contains(
                    #"pooya_activation_refusals_total{channel="authenticator",reason="activation_not_found"} 30"#
                ),
                "\(text)"
            )
        }
        #expect(try await harness.issuer.verifyAuditChain() == .intact(entries: before + 1))
        let entries = try await harness.store.auditEntries(after: before, limit: 10, card: nil)
        #expect(entries.map(\.event.reason?.rawValue) == ["activation_not_found from 127.0.0.1"])

        // After the interval, the address's next junk handshake is audited again.
        harness.clock.advance(by: 600)
        try await harness.withClient(live: true) { client, _ in
            _ = try await client.provisionToken(body: .json(Self.junk())).notFound
        }
        #expect(try await harness.issuer.verifyAuditChain() == .intact(entries: before + 2))
    }

    @Test func aCardholderBehindTheSameAddressAsAJunkSenderCanStillAddTheirToken() async throws {
        let harness = try ServerHarness()
        try await harness.withClient(key: try await harness.key(.cards, .activate), live: true) { client, _ in
            try await harness.registerCard(client)
            for _ in 0..<30 { _ = try await client.provisionToken(body: .json(Self.junk())).notFound }
            let token = try await harness.provision(client)
            #expect(token.parameters.maskedPAN == "610433******0018")
        }
    }

    @Test func forwardedForIsBelievedFromTrustedProxiesOnly() {
        let trusted: Set<String> = ["10.0.0.2", "10.0.0.3"]
        func client(_ peer: String?, _ header: [String]) -> String? {
            ClientAddressMiddleware.clientAddress(peer: peer, forwardedFor: header, trustedProxies: trusted)
        }
        #expect(client("10.0.0.2", ["203.0.113.5"]) == "203.0.113.5")
        #expect(client("10.0.0.2", ["198.51.100.1, 203.0.113.5, 10.0.0.3"]) == "203.0.113.5", "right-most untrusted")
        #expect(client("10.0.0.2", ["198.51.100.1", "203.0.113.5"]) == "203.0.113.5", "several header lines")
        #expect(client("10.0.0.2", ["2001:db8::1"]) == "2001:db8::1")
        #expect(client("192.0.2.9", ["203.0.113.5"]) == "192.0.2.9", "an untrusted peer's header is ignored")
        #expect(client("10.0.0.2", ["203.0.113.5, not-an-address"]) == "10.0.0.2", "a malformed header is ignored")
        #expect(client("10.0.0.2", []) == "10.0.0.2")
        #expect(client("10.0.0.2", ["10.0.0.3"]) == "10.0.0.3", "only proxies: the left-most")
        #expect(client(nil, ["203.0.113.5"]) == nil)
    }

    @Test(arguments: [true, false])
    func theHandshakeLimitCountsTheForwardedAddressOnlyBehindATrustedProxy(trusted: Bool) async throws {
        var limits = RateLimits()
        limits.perAddressOnHandshake = .init(2, per: 60)
        let harness = try ServerHarness(limits: limits)
        let body = try JSONEncoder().encode(Self.junk())
        try await harness.withClient(live: true, trustedProxies: trusted ? ["127.0.0.1"] : []) { _, raw in
            func handshake(from address: String) async throws -> HTTPResponse.Status {
                try await raw.executeRequest(
                    uri: "/v1/tokens",
                    method: .post,
                    headers: [.contentType: "application/json", ClientAddressMiddleware.forwardedFor: address],
                    body: ByteBuffer(bytes: body)
                ).status
            }
            var statuses: [HTTPResponse.Status] = []
            for address in ["203.0.113.5", "203.0.113.5", "203.0.113.5", "203.0.113.6"] {
                statuses.append(try await handshake(from: address))
            }
            // Another client behind the proxy has its own bucket; without trust, the header changes nothing.
            #expect(statuses == [.notFound, .notFound, .tooManyRequests, trusted ? .notFound : .tooManyRequests])
        }
    }
}
