import Crypto
import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaKeyVault
import PooyaProtocol
import PooyaSQLite
import PooyaTesting
import Testing

/// An issuer over real parts (a SQLite store, an in-memory key ring, a manual clock, a recording SMS sender), with the
/// cardholder's steps as a person would take them: read the SMS, type the parts, run the handshake, read a code.
struct IssuerHarness {
    static let pan = "6104 3378 0000 0018"  // Mellat BIN, valid Luhn
    static let mobile = "09121234567"

    let issuer: Issuer
    let store: SQLiteStore
    let clock: ManualClock
    let sms: RecordingSMSSender
    let vault: MasterKeyRing
    let dispatcher: SMSDispatcher

    init(policy: IssuerPolicy = IssuerPolicy(), store: SQLiteStore? = nil, seed: UInt64 = 1) throws {
        self.store = try store ?? SQLiteStore.inMemory()
        clock = ManualClock()
        sms = RecordingSMSSender()
        vault = try Self.vault()
        issuer = try Issuer(
            policy: policy,
            store: self.store,
            vault: vault,
            clock: clock,
            random: SeededRandomSource(seed: seed)
        )
        dispatcher = SMSDispatcher(outbox: self.store, gateway: sms, vault: vault, clock: clock)
    }

    /// Sends what the outbox holds, as the service's dispatcher would.
    @discardableResult
    func deliverSMS() async throws -> SMSDispatcher.Report {
        try await dispatcher.dispatchDue()
    }

    static func vault() throws -> MasterKeyRing {
        try MasterKeyRing(
            masterKeys: [1: SymmetricKey(data: [UInt8](repeating: 1, count: 32))],
            currentKeyID: 1,
            fingerprintKey: SymmetricKey(data: [UInt8](repeating: 2, count: 32)),
            receiptKeys: [ReceiptSigningKey(rawRepresentation: Data(repeating: 3, count: 32), retiredAt: nil)]
        )
    }

    @discardableResult
    func registerCard(_ pan: String = pan, mobile: String = mobile, options: CardOptions.Update = CardOptions.Update())
        async throws
        -> Card
    {
        try await issuer.registerCard(pan: PAN(parsing: pan), mobile: MobileNumber(parsing: mobile), options: options)
            .card
    }

    func activate(
        _ kind: PINKind = .second,
        pan: String = pan,
        mobile: String? = nil,
        channel: ActivationChannel = .atm
    ) async throws -> ActivationResult {
        let result = try await issuer.activate(
            ActivationRequest(
                card: issuer.reference(to: PAN(parsing: pan)),
                mobile: MobileNumber(parsing: mobile ?? registeredMobile(of: pan)),
                kind: kind,
                channel: channel
            )
        )
        try await deliverSMS()
        return result
    }

    /// The mobile the tests register for `pan`: the default one, or the second card's.
    private func registeredMobile(of pan: String) -> String {
        pan.filter(\.isNumber) == "6037991200000002" ? "09351112233" : Self.mobile
    }

    /// The SMS part as the cardholder reads it from the last SMS.
    func smsPart() throws -> SMSPart {
        let text = try #require(sms.messages.last?.text)
        let grouped = try #require(text.firstMatch(of: /[0-9]{4}(-[0-9]{1,4}){6}/))
        return try SMSPart(parsing: grouped.output.0)
    }

    /// Activates at the ATM, reads the SMS, and starts the authenticator's handshake with both parts.
    func startedHandshake(_ kind: PINKind = .second, pan: String = pan) async throws
        -> (activation: ActivationResult, client: ProvisioningClient)
    {
        let result = try await activate(kind, pan: pan)
        return (result, ProvisioningClient(code: ActivationCode(receipt: result.receipt, sms: try smsPart())))
    }

    /// Activates at the ATM, reads the SMS, and provisions an authenticator.
    func provisionedToken(_ kind: PINKind = .second, pan: String = pan) async throws -> ProvisionedToken {
        let client = try await startedHandshake(kind, pan: pan).client
        return try client.complete(with: try await issuer.provision(client.request))
    }

    /// The code the authenticator shows now.
    func code(_ token: ProvisionedToken, at offset: Int64 = 0) throws -> String {
        try TokenGenerator(seed: token.seed, parameters: token.parameters).code(at: clock.now() + offset)
    }

    func verify(
        _ code: String,
        kind: PINKind = .second,
        pan: String = pan,
        amount: Int64 = 1_000_000,
        transaction: String = UUID().uuidString
    ) async throws -> VerificationDecision {
        try await verification(code, kind: kind, pan: pan, amount: amount, transaction: transaction).decision
    }

    /// The decision on `code` with its receipt, for a payment to `merchant-1`.
    func verification(
        _ code: String,
        kind: PINKind = .second,
        pan: String = pan,
        amount: Int64 = 1_000_000,
        transaction: String = UUID().uuidString
    ) async throws -> Verification {
        try await issuer.verify(
            VerificationRequest(
                card: issuer.reference(to: PAN(parsing: pan)),
                pin: .dynamicCode(PresentedCode(typed: code)),
                kind: kind,
                amount: amount,
                merchantID: "merchant-1",
                transactionID: transaction
            )
        )
    }

    /// A code of the same length that is not the current one (nor the previous step's).
    func wrongCode(_ token: ProvisionedToken) throws -> String {
        let generator = try TokenGenerator(seed: token.seed, parameters: token.parameters)
        let current = try generator.step(at: clock.now())
        let taken = Set((current - 6...current + 1).map(generator.code(step:)))
        var candidate = 0
        while true {
            let code = String(candidate).leftPadded(token.parameters.digits)
            if !taken.contains(code) { return code }
            candidate += 1
        }
    }
}

extension String {
    func leftPadded(_ length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
