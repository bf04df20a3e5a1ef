import OneTimePassword
import PooyaProtocol

/// The issuer's rules: cards, activation, provisioning, verification and the audit trail, over the ports it is given.
///
/// Every change to a card runs as one ``IssuerStore/withCard(_:transactionID:_:)`` transaction, so the rules hold
/// under concurrency: a code is accepted at most once, and concurrent wrong codes never get more tries than the
/// policy allows.
public struct Issuer: Sendable {
    /// The rules' numbers.
    public let policy: IssuerPolicy
    let store: any IssuerStore
    let vault: any KeyVault
    let sms: any SMSSender
    let clock: any WallClock
    let random: any RandomSource

    /// Makes the issuer.
    ///
    /// - Throws: ``IssuerError/unsafePolicy(_:)`` when the policy is outside its safe bounds.
    public init(
        policy: IssuerPolicy = IssuerPolicy(),
        store: any IssuerStore,
        vault: any KeyVault,
        sms: any SMSSender,
        clock: any WallClock = SystemClock(),
        random: any RandomSource = SystemRandomSource()
    ) throws(IssuerError) {
        self.policy = try policy.validated()
        self.store = store
        self.vault = vault
        self.sms = sms
        self.clock = clock
        self.random = random
    }

    /// The keyed fingerprint of a card number: what limits and logs may name a card by.
    public func fingerprint(of pan: PAN) -> CardFingerprint {
        vault.fingerprint(of: pan)
    }

    /// A new opaque id: `prefix_` and 32 random hex digits.
    func newID(_ prefix: String) -> String {
        "\(prefix)_" + Hex.encode(random.bytes(16))
    }

    func seal(_ secret: [UInt8], context: String) throws(IssuerError) -> SealedSecret {
        do { return try vault.seal(secret, context: context) } catch { throw .keyVault(error) }
    }

    func open(_ sealed: SealedSecret, context: String) throws(IssuerError) -> [UInt8] {
        do { return try vault.open(sealed, context: context) } catch { throw .keyVault(error) }
    }
}
