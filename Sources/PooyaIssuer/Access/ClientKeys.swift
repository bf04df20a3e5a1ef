import Foundation
import OneTimePassword

/// Making, checking and revoking the keys systems call the API with. A key is shown once, when made; only its keyed
/// digest is stored, so a copy of the database does not give working keys. Copies share what they found recently
/// (``RecentClientKeys``): a revocation is seen within a second.
public struct ClientKeys: Sendable {
    let store: any ClientKeyStore
    let vault: any KeyVault
    let clock: any WallClock
    let random: any RandomSource
    private let recent = RecentClientKeys()

    /// The service over its ports.
    public init(
        store: any ClientKeyStore,
        vault: any KeyVault,
        clock: any WallClock = SystemClock(),
        random: any RandomSource = SystemRandomSource()
    ) {
        self.store = store
        self.vault = vault
        self.clock = clock
        self.random = random
    }

    /// Makes a key for `name` with `scopes`, whose gateway may name `webOTPHosts` in its SMS' WebOTP line; the audit
    /// entry names ``AuditActor/current``.
    ///
    /// - Returns: the stored key and its secret (`pooya_` and 64 hex digits), which is never shown again.
    public func create(name: String, scopes: Set<ClientScope>, webOTPHosts: Set<WebOTPHost> = []) async throws
        -> (key: ClientKey, secret: String)
    {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw IssuerError.invalidRequest("a client key needs a name") }
        guard !scopes.isEmpty else { throw IssuerError.invalidRequest("a client key needs at least one scope") }
        let secret = "pooya_" + Hex.encode(random.bytes(32))
        let now = clock.now()
        let key = ClientKey(
            id: "key_" + Hex.encode(random.bytes(8)),
            name: trimmed,
            scopes: scopes,
            secretDigest: try digest(secret),
            createdAt: now,
            revokedAt: nil,
            webOTPHosts: webOTPHosts
        )
        try await store.insert(
            key,
            event: AuditEvent(
                .clientKeyCreated,
                card: nil,
                channel: .admin,
                reason: .clientKey(key.id),
                time: now,
                actor: AuditActor.current
            )
        )
        return (key, secret)
    }

    /// The valid key whose secret is `secret`, or `nil` (unknown, or revoked: within a second of the revocation on
    /// another node, at once on this one).
    public func authenticate(_ secret: String) async throws -> ClientKey? {
        guard secret.hasPrefix("pooya_"), secret.count == 70 else { return nil }
        let digest = try digest(secret)
        let second = clock.now()
        if let key = recent.key(digest: digest, at: second) { return key }
        guard let key = try await store.clientKey(secretDigest: digest), key.revokedAt == nil else { return nil }
        recent.remember(key, digest: digest, at: second)
        return key
    }

    /// Every key, revoked ones included, oldest first.
    public func list() async throws -> [ClientKey] { try await store.clientKeys() }

    /// Revokes the key with this id; the audit entry names ``AuditActor/current``.
    ///
    /// - Throws: ``IssuerError/invalidRequest(_:)`` when no valid key has this id.
    public func revoke(id: String) async throws {
        let now = clock.now()
        let event = AuditEvent(
            .clientKeyRevoked,
            card: nil,
            channel: .admin,
            reason: .clientKey(id),
            time: now,
            actor: AuditActor.current
        )
        guard try await store.revokeClientKey(id: id, at: now, event: event) else {
            throw IssuerError.invalidRequest("no valid client key has the id \(id)")
        }
        recent.forget(id: id)
    }

    private func digest(_ secret: String) throws(IssuerError) -> String {
        try vault.issuerDigest(of: Array("client-key|\(secret)".utf8))
    }
}
