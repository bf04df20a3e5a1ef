import Crypto
import OneTimePassword
import PooyaIssuer
import PooyaKeyVault
import PooyaSQLite
import PooyaTesting
import Testing

struct ClientKeyTests {
    @Test func aKeyRevokedOnOneNodeIsRefusedByAnotherWithinASecondAndAtOnceWhereRevoked() async throws {
        let store = try SQLiteStore.inMemory()
        let vault = try IssuerHarness.vault()
        let clock = ManualClock()
        let first = ClientKeys(store: store, vault: vault, clock: clock)
        let second = ClientKeys(store: store, vault: vault, clock: clock)
        let (key, secret) = try await first.create(name: "switch", scopes: [.verify])
        #expect(try await first.authenticate(secret)?.id == key.id)
        #expect(try await second.authenticate(secret)?.id == key.id)

        try await first.revoke(id: key.id)
        #expect(try await first.authenticate(secret) == nil, "the node that revoked it refuses it at once")
        #expect(
            try await second.authenticate(secret)?.id == key.id,
            "another node may still take it during the second it read it in"
        )
        clock.advance(by: 1)
        #expect(try await second.authenticate(secret) == nil, "and refuses it from the next second on")
    }

    @Test func anUnknownSecretIsLookedUpEveryTimeSoAKeyMadeLaterWorksAtOnce() async throws {
        let store = try SQLiteStore.inMemory()
        let vault = try IssuerHarness.vault()
        let keys = ClientKeys(store: store, vault: vault, clock: ManualClock())
        #expect(try await keys.authenticate("pooya_" + String(repeating: "0", count: 64)) == nil)
        let (key, secret) = try await keys.create(name: "gateway", scopes: [.cards])
        #expect(try await keys.authenticate(secret)?.id == key.id)
    }

    @Test func theKeyedDigestIsHMACSHA256UnderTheFingerprintKeyEveryTime() throws {
        let vault = try IssuerHarness.vault()
        let key = SymmetricKey(data: [UInt8](repeating: 2, count: 32))
        for message in [[UInt8](), [1], Array("client-key|pooya_secret".utf8), [UInt8](repeating: 7, count: 200)] {
            let expected = Hex.encode(HMAC<SHA256>.authenticationCode(for: message, using: key))
            #expect(vault.keyedDigest(of: message) == expected)
            #expect(vault.keyedDigest(of: message) == expected, "a digest leaves nothing behind for the next")
        }
    }
}
