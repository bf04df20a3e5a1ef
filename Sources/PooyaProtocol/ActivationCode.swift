public import Crypto
import OneTimePassword

/// Both parts of an activation code together, as only the cardholder holds them: the receipt or screen part and
/// the SMS part. From them come the lookup id the issuer finds the ticket by and the key that proves knowledge of
/// both parts in the provisioning handshake.
///
/// Derivation (HKDF-SHA-256, salt `pooya/activation/v1`, input `receipt | sms` as ASCII digits):
/// - lookup id: 16 bytes, info `lookup`, sent in the clear; 106 bits of input make it useless for guessing;
/// - activation key: 32 bytes, info `activation-key`, never sent; the issuer stores it sealed, never the parts.
public struct ActivationCode: Sendable, Hashable, CustomStringConvertible {
    /// The receipt or screen part.
    public let receipt: ReceiptPart
    /// The SMS part.
    public let sms: SMSPart

    /// Pairs the two parts.
    public init(receipt: ReceiptPart, sms: SMSPart) {
        self.receipt = receipt
        self.sms = sms
    }

    /// The ticket's lookup id, as lower-case hex (32 characters).
    public var lookupID: String {
        Hex.encode(derive(info: "lookup", byteCount: 16))
    }

    /// The key the handshake's proof is made with.
    public var activationKey: SymmetricKey {
        SymmetricKey(data: derive(info: "activation-key", byteCount: 32))
    }

    private func derive(info: String, byteCount: Int) -> [UInt8] {
        let input = SymmetricKey(data: Array("\(receipt.digits)|\(sms.digits)".utf8))
        return HKDF<SHA256>.deriveKey(
            inputKeyMaterial: input,
            salt: Array("pooya/activation/v1".utf8),
            info: Array(info.utf8),
            outputByteCount: byteCount
        ).withUnsafeBytes { Array($0) }
    }

    /// Redacted.
    public var description: String { "ActivationCode(••••)" }
}
