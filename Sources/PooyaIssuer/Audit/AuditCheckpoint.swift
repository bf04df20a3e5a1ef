import Crypto
import Foundation

/// A signed statement of where every audit chain ended at a moment: a compact JWS (`typ`
/// `pooya-audit-checkpoint+jwt`) signed by the vault's receipt key, over the issuer's name, the time and each chain's
/// head. Kept by the store and exportable (`pooya admin audit checkpoint`), so an outside notary can hold it: entries
/// cut off a chain's end before the checkpoint are found, as are entries rewritten behind it.
public struct AuditCheckpoint: Sendable, Hashable {
    /// The signed statement, as the notary keeps it.
    public let token: String
    /// Who made it (the receipt issuer, `policy.receiptIssuer`).
    public let issuer: String
    /// When it was made, Unix seconds.
    public let madeAt: Int64
    /// Each chain's head then.
    public let heads: [AuditHead]

    /// What a checkpoint's header says in `typ`.
    static let type = "pooya-audit-checkpoint+jwt"

    private struct Payload: Codable {
        var iss: String
        var iat: Int64
        var heads: [AuditHead]
    }

    /// Reads a checkpoint; `nil` when `token` is not one (its signature is checked by ``verified(by:)``).
    public init?(token: String) {
        guard let jws = CompactJWS(parsing: token), jws.header.typ == Self.type, jws.header.alg == "EdDSA",
            let payload = try? JSONDecoder().decode(Payload.self, from: jws.payload)
        else { return nil }
        self.token = token
        self.issuer = payload.iss
        self.madeAt = payload.iat
        self.heads = payload.heads
    }

    /// The header and payload segments of a checkpoint of `heads`, by `issuer` at `time`, to be signed by `keyID`.
    static func signingInput(heads: [AuditHead], issuer: String, time: Int64, keyID: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings and numbers only: encoding cannot fail.
        let payload = (try? encoder.encode(Payload(iss: issuer, iat: time, heads: heads))) ?? Data()
        return CompactJWS.signingInput(payload: Array(payload), keyID: keyID, type: type)
    }

    /// Whether one of `keys` (the vault's receipt keys, retired ones included) signed it.
    func verified(by keys: [ReceiptKey]) -> Bool {
        guard let jws = CompactJWS(parsing: token), let key = keys.first(where: { $0.id == jws.header.kid }) else {
            return false
        }
        return key.publicKey.isValidSignature(jws.signature, for: jws.signingInput)
    }
}
