/// A secret a store keeps sealed, named so that it can be sealed again under the newest master key: a token's seed,
/// an activation ticket's key, an SMS text in the outbox, or a staff member's TOTP seed.
public struct SealedRecord: Sendable, Hashable {
    /// What the secret is. The raw values are stable.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A token's seed, by the token's id.
        case seed
        /// An activation ticket's key, by the ticket's serial.
        case activationKey = "activation_key"
        /// An outbox message's text, by the message's id.
        case smsText = "sms_text"
        /// A staff member's TOTP seed, by their name.
        case staffSeed = "staff_seed"
    }

    /// What the secret is.
    public var kind: Kind
    /// The id of the row that holds it.
    public var id: String
    /// The secret as stored.
    public var sealed: SealedSecret

    /// Collects the fields.
    public init(kind: Kind, id: String, sealed: SealedSecret) {
        self.kind = kind
        self.id = id
        self.sealed = sealed
    }

    /// The context it is sealed with, which binds it to its row: `token:ID`, `ticket:SERIAL`, `sms:ID` or `staff:NAME`.
    public var context: String {
        switch kind {
        case .seed: "token:\(id)"
        case .activationKey: "ticket:\(id)"
        case .smsText: "sms:\(id)"
        case .staffSeed: "staff:\(id)"
        }
    }
}
