public import Foundation
public import Crypto

/// What an activation ticket would give, told before anything changes at the issuer: the card (masked), the bank and
/// the PIN kind. The authenticator asks for it first so that its vault can refuse a token it would not keep (another
/// for a card and kind it holds, without "replace") while the issuer's working token and the activation are still
/// untouched. The issuer sends it only for a request whose proof shows both activation parts, and MACs it under the
/// activation key and that request, so a man in the middle can neither read it from a serial nor change it.
public struct TokenOffer: Sendable, Hashable, Codable {
    /// Which PIN the token would replace.
    public var kind: PINKind
    /// The card, masked (first 6 and last 4 digits).
    public var maskedPAN: String
    /// The issuing bank's name.
    public var bank: String
    /// HMAC-SHA-256 under a key derived from the activation key, over the request and the fields above.
    public var mac: Data

    /// Collects the fields.
    public init(kind: PINKind, maskedPAN: String, bank: String, mac: Data) {
        self.kind = kind
        self.maskedPAN = maskedPAN
        self.bank = bank
        self.mac = mac
    }

    /// The offer for `request`, MACed under `activationKey` (the issuer's side, once the proof verified).
    public static func made(
        for request: ProvisioningRequest,
        activationKey: SymmetricKey,
        kind: PINKind,
        maskedPAN: String,
        bank: String
    ) -> TokenOffer {
        var offer = TokenOffer(kind: kind, maskedPAN: maskedPAN, bank: bank, mac: Data())
        offer.mac = Data(HMAC<SHA256>.authenticationCode(for: offer.transcript(request), using: key(activationKey)))
        return offer
    }

    /// Whether this offer was made for `request` by the holder of `activationKey`; compared in constant time.
    func isAuthentic(for request: ProvisioningRequest, activationKey: SymmetricKey) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: transcript(request), using: Self.key(activationKey))
    }

    private func transcript(_ request: ProvisioningRequest) -> [UInt8] {
        request.transcript
            + Transcript.fields([
                Array(request.proof), Array(kind.rawValue.utf8), Array(maskedPAN.utf8), Array(bank.utf8),
            ])
    }

    private static func key(_ activationKey: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: activationKey,
            info: Array("pooya/provisioning/v1/offer".utf8),
            outputByteCount: 32
        )
    }
}
