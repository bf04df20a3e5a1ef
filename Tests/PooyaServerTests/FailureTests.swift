import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PooyaAPI
import PooyaIssuer
import PooyaProtocol
import PooyaSQLite
import PooyaServer
import PooyaTesting
import Testing

/// When the service itself fails, the client gets a 500 problem that says nothing about the cause, and `/readyz`
/// says it is not ready.
struct FailureTests {
    /// A store whose database is gone: every call fails with `failure`.
    struct BrokenStore: IssuerStore, ClientKeyStore {
        struct DatabaseGone: Error {}

        var failure: any Error & Sendable = DatabaseGone()

        func withCard<Result: Sendable>(
            _ fingerprint: CardFingerprint,
            transactionID: String?,
            _ change: @escaping @Sendable (inout CardState?) throws -> Result
        ) async throws -> Result { throw failure }
        func cardFingerprint(cardID: String) async throws -> CardFingerprint? { throw failure }
        func cardFingerprint(ticketLookupID: String) async throws -> CardFingerprint? { throw failure }
        func cardFingerprint(tokenID: String) async throws -> CardFingerprint? { throw failure }
        func cardFingerprint(ticketSerial: String) async throws -> CardFingerprint? { throw failure }
        func readCard(_ fingerprint: CardFingerprint) async throws -> CardState? { throw failure }
        func cardFingerprints(mobile: MobileNumber) async throws -> [CardFingerprint] { throw failure }
        func enqueue(_ messages: [OutboxMessage]) async throws { throw failure }
        func claimDue(now: Int64, leaseUntil: Int64, limit: Int) async throws -> [OutboxMessage] {
            throw failure
        }
        func update(_ message: OutboxMessage) async throws { throw failure }
        func recordDelivery(messageID: String, status: DeliveryStatus, at time: Int64) async throws -> Bool {
            throw failure
        }
        func outboxMessage(id: String) async throws -> OutboxMessage? { throw failure }
        func recentOutboxMessages(limit: Int, cardID: String?) async throws -> [OutboxMessage] { throw failure }
        func outboxCounts() async throws -> [OutboxStatus: Int] { throw failure }
        func appendAudit(_ events: [AuditEvent]) async throws { throw failure }
        func deleteRecords(before cutoff: Int64, limit: Int) async throws -> Int { throw failure }
        func sealedRecords(notUnder keyID: UInt32, limit: Int) async throws -> [SealedRecord] { throw failure }
        func replaceSealed(_ record: SealedRecord, with resealed: SealedSecret) async throws -> Bool {
            throw failure
        }
        func sealedCounts() async throws -> [UInt32: Int] { throw failure }
        var auditChainCount: Int { 1 }
        func auditEntries(chain: Int, after sequence: Int64, limit: Int, card: CardFingerprint?) async throws
            -> [AuditEntry]
        { throw failure }
        func auditHeads() async throws -> [AuditHead] { throw failure }
        func appendAuditCheckpoint(_ checkpoint: AuditCheckpoint) async throws { throw failure }
        func auditCheckpoints() async throws -> [AuditCheckpoint] { throw failure }
        func insert(_ key: ClientKey, event: AuditEvent) async throws { throw failure }
        func clientKey(secretDigest: String) async throws -> ClientKey? { throw failure }
        func clientKeys() async throws -> [ClientKey] { throw failure }
        func revokeClientKey(id: String, at time: Int64, event: AuditEvent) async throws -> Bool {
            throw failure
        }
    }

    @Test func aFailingDatabaseIsAnOpaque500AndNotReady() async throws {
        let (api, failed) = try await Self.provision(through: BrokenStore())
        let management = Application(router: try buildManagementRouter(api: api))
        try await management.test(.router) { client in
            let ready = try await client.executeRequest(uri: "/readyz", method: .get, headers: [:], body: nil)
            #expect(ready.status == .serviceUnavailable)
        }
        #expect(failed.status == .internalServerError)
        #expect(failed.headers[.contentType] == "application/problem+json")
        let body = String(buffer: failed.body)
        #expect(body.contains(#""code":"internal_error""#))
        #expect(!body.contains("DatabaseGone"), "the cause stays in the log")
    }

    @Test func anUnreachableDatabaseIsARetryable503() async throws {
        let store = BrokenStore(failure: StoreUnavailable("PostgreSQL: no connection can be made"))
        let (_, failed) = try await Self.provision(through: store)
        #expect(failed.status == .serviceUnavailable)
        #expect(failed.headers[.retryAfter] == "5")
        let body = String(buffer: failed.body)
        #expect(body.contains(#""code":"store_unavailable""#), "\(body)")
        #expect(!body.contains("PostgreSQL"), "the cause stays in the log")
    }

    /// A token provisioning (no client key needed) through an API over `store`, and its answer.
    private static func provision(through store: BrokenStore) async throws -> (IssuerAPI, TestResponse) {
        let vault = try TestKeys.randomVault()
        let api = IssuerAPI(
            issuer: try Issuer(store: store, vault: vault),
            clock: ManualClock(),
            metrics: ServiceMetrics(),
            isReady: { false }
        )
        let app = Application(router: try buildRouter(api: api, keys: ClientKeys(store: store, vault: vault)))
        let response = try await app.test(.router) { client in
            try await client.executeRequest(
                uri: "/v1/tokens",
                method: .post,
                headers: [.contentType: "application/json", .acceptLanguage: "en"],
                body: ByteBuffer(string: try ProvisioningRequestJSON.sample())
            )
        }
        return (api, response)
    }
}

/// When the key vault (an HSM) does not answer, a request gets a 503 problem it may retry, never a guess.
struct KeyVaultFailureTests {
    /// A vault whose HSM is gone: every operation that needs a key fails.
    struct UnavailableVault: KeyVault {
        var sealingKeyID: UInt32 { 1 }
        var receiptKeys: [ReceiptKey] { [] }
        var zoneKeys: [ZoneKeyInfo] { [] }
        func seal(_ secret: [UInt8], context: String) throws(KeyVaultError) -> SealedSecret { throw Self.gone }
        func open(_ sealed: SealedSecret, context: String) throws(KeyVaultError) -> [UInt8] { throw Self.gone }
        func keyedDigest(of bytes: [UInt8]) throws(KeyVaultError) -> String { throw Self.gone }
        func signReceipt(_ message: [UInt8], keyID: String) throws(KeyVaultError) -> [UInt8] { throw Self.gone }
        func openPINBlock(_ block: EncipheredPINBlock, pan: PAN) throws(PINBlockFault) -> PresentedCode {
            throw .unknownZoneKey
        }
        static let gone = KeyVaultError.unavailable("PKCS#11 C_Sign failed (CKR 0x30)")
    }

    @Test func anUnansweringVaultIsARetryable503ThatNamesNoCause() async throws {
        let store = try SQLiteStore.inMemory()
        let vault = UnavailableVault()
        let issuer = try Issuer(store: store, vault: vault)
        let api = IssuerAPI(issuer: issuer, clock: ManualClock(), metrics: ServiceMetrics(), isReady: { true })
        let app = Application(router: try buildRouter(api: api, keys: ClientKeys(store: store, vault: vault)))
        try await app.test(.router) { client in
            let failed = try await client.executeRequest(
                uri: "/v1/cards",
                method: .post,
                headers: [
                    .contentType: "application/json", .acceptLanguage: "en",
                    .authorization: "Bearer pooya_" + String(repeating: "a", count: 64),
                ],
                body: ByteBuffer(string: #"{"pan":"6104337800000018","mobile":"09121234567"}"#)
            )
            #expect(failed.status == .serviceUnavailable)
            #expect(failed.headers[.retryAfter] == "5")
            let body = String(buffer: failed.body)
            #expect(body.contains(#""code":"key_vault_unavailable""#) && !body.contains("CKR"), "\(body)")
        }
    }
}

/// A well-formed handshake request body for a ticket that does not exist.
enum ProvisioningRequestJSON {
    static func sample() throws -> String {
        var random = SystemRandomNumberGenerator()
        let request = ProvisioningClient(
            code: ActivationCode(receipt: .random(using: &random), sms: .random(using: &random))
        )
        .request
        return """
            {"version":1,"lookupId":"\(request.lookupID)","clientPublicKey":"\(request.clientPublicKey.base64EncodedString())",\
            "clientNonce":"\(request.clientNonce.base64EncodedString())","proof":"\(request.proof.base64EncodedString())"}
            """
    }
}
