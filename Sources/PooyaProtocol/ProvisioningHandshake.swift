public import Crypto
public import Foundation
import OneTimePassword

/// The authenticator's first message: its ephemeral P-256 public key and nonce, and a proof that it knows both
/// parts of the activation code. See docs/provisioning.md.
public struct ProvisioningRequest: Sendable, Hashable, Codable {
    /// The handshake's version; 1.
    public var version: Int
    /// ``ActivationCode/lookupID``: which ticket this is about.
    public var lookupID: String
    /// The authenticator's ephemeral P-256 public key, X9.63 uncompressed (65 bytes).
    public var clientPublicKey: Data
    /// 16 random bytes.
    public var clientNonce: Data
    /// HMAC-SHA-256 under a key derived from the activation key, over the fields above.
    public var proof: Data

    /// Collects the fields (the decoder and ``ProvisioningClient`` make requests).
    public init(version: Int, lookupID: String, clientPublicKey: Data, clientNonce: Data, proof: Data) {
        self.version = version
        self.lookupID = lookupID
        self.clientPublicKey = clientPublicKey
        self.clientNonce = clientNonce
        self.proof = proof
    }

    var transcript: [UInt8] {
        Transcript.fields([
            Array("pooya/provisioning/v\(version)".utf8), Array(lookupID.utf8), Array(clientPublicKey),
            Array(clientNonce),
        ])
    }
}

/// The issuer's answer: its ephemeral public key and nonce, the token's parameters, and a MAC confirming that it
/// derived the same seed. The seed itself is never sent.
public struct ProvisioningResponse: Sendable, Hashable, Codable {
    /// The issuer's ephemeral P-256 public key, X9.63 uncompressed.
    public var serverPublicKey: Data
    /// 16 random bytes.
    public var serverNonce: Data
    /// The token the seed belongs to.
    public var parameters: TokenParameters
    /// HMAC-SHA-256 over the whole transcript under a key derived from the shared secret and the activation key.
    public var confirmation: Data

    /// Collects the fields.
    public init(serverPublicKey: Data, serverNonce: Data, parameters: TokenParameters, confirmation: Data) {
        self.serverPublicKey = serverPublicKey
        self.serverNonce = serverNonce
        self.parameters = parameters
        self.confirmation = confirmation
    }
}

/// A token as the authenticator ends up with it: parameters and seed.
public struct ProvisionedToken: Sendable, Hashable, CustomStringConvertible {
    /// What the issuer said about the token.
    public let parameters: TokenParameters
    /// The shared seed; keep it in the vault.
    public let seed: [UInt8]

    /// Pairs parameters and seed.
    public init(parameters: TokenParameters, seed: [UInt8]) {
        self.parameters = parameters
        self.seed = seed
    }

    /// The token's kind and card; never the seed.
    public var description: String { "ProvisionedToken(\(parameters.kind), \(parameters.maskedPAN))" }
}

/// Why a handshake failed.
public enum ProvisioningError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request's proof does not match the ticket's activation key: a wrong part, or a forged request.
    case invalidProof
    /// The response's confirmation does not match: the answer did not come from the issuer holding the ticket.
    case invalidConfirmation
    /// A public key is not a valid P-256 point.
    case invalidPublicKey
    /// A field has the wrong size or an unknown version.
    case malformedMessage(String)

    /// A message without any key material.
    public var description: String {
        switch self {
        case .invalidProof: "the activation code does not match"
        case .invalidConfirmation: "the issuer's answer could not be confirmed"
        case .invalidPublicKey: "a public key in the handshake is not valid"
        case .malformedMessage(let reason): "malformed provisioning message: \(reason)"
        }
    }

    /// The same message in Persian.
    public var persianDescription: String {
        switch self {
        case .invalidProof: "کد فعال‌سازی درست نیست"
        case .invalidConfirmation: "پاسخ بانک تأیید نشد؛ شاید نشانی سرویس بانک درست نیست"
        case .invalidPublicKey, .malformedMessage: "پیام فعال‌سازی نادرست است"
        }
    }
}

/// The authenticator's side of the handshake: holds the ephemeral private key between request and response.
public struct ProvisioningClient: Sendable {
    private let code: ActivationCode
    private let privateKey: P256.KeyAgreement.PrivateKey
    /// The request to send to the issuer.
    public let request: ProvisioningRequest

    /// Starts a handshake for `code` with a fresh ephemeral key and nonce.
    public init(code: ActivationCode, nonce: [UInt8] = Handshake.randomNonce()) {
        self.code = code
        self.privateKey = P256.KeyAgreement.PrivateKey()
        var request = ProvisioningRequest(
            version: Handshake.version,
            lookupID: code.lookupID,
            clientPublicKey: privateKey.publicKey.x963Representation,
            clientNonce: Data(nonce),
            proof: Data()
        )
        request.proof = Data(Handshake.proof(for: request, activationKey: code.activationKey))
        self.request = request
    }

    /// Checks that `offer` is the issuer's answer to this request (made with this ticket's activation key).
    ///
    /// - Throws: ``ProvisioningError/invalidConfirmation`` when it is not.
    public func check(_ offer: TokenOffer) throws(ProvisioningError) -> TokenOffer {
        guard offer.isAuthentic(for: request, activationKey: code.activationKey) else { throw .invalidConfirmation }
        return offer
    }

    /// Checks the issuer's confirmation and derives the seed.
    ///
    /// - Throws: ``ProvisioningError/invalidConfirmation`` when the answer was not made with this ticket's
    ///   activation key and this request's public key (a man in the middle, or a changed parameter).
    public func complete(with response: ProvisioningResponse) throws(ProvisioningError) -> ProvisionedToken {
        let serverKey = try Handshake.publicKey(response.serverPublicKey)
        let shared: SharedSecret
        do { shared = try privateKey.sharedSecretFromKeyAgreement(with: serverKey) } catch { throw .invalidPublicKey }
        let keys = Handshake.keys(
            shared: shared,
            activationKey: code.activationKey,
            request: request,
            response: response
        )
        guard
            HMAC<SHA256>.isValidAuthenticationCode(
                response.confirmation,
                authenticating: keys.transcript,
                using: keys.confirmation
            )
        else { throw .invalidConfirmation }
        return ProvisionedToken(parameters: response.parameters, seed: keys.seed)
    }
}

/// The issuer's side of the handshake, as pure functions: the issuer looks the ticket up, opens its activation
/// key, and calls these.
public enum Handshake {
    /// The only version.
    public static let version = 1

    /// 16 bytes from the system's CSPRNG.
    public static func randomNonce() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// Whether the request's form is acceptable: version, nonce size and a valid public key.
    public static func validate(_ request: ProvisioningRequest) throws(ProvisioningError) {
        guard request.version == version else { throw .malformedMessage("unknown version \(request.version)") }
        guard request.clientNonce.count == 16 else { throw .malformedMessage("the nonce must be 16 bytes") }
        guard request.proof.count == SHA256.byteCount else { throw .malformedMessage("the proof must be 32 bytes") }
        _ = try publicKey(request.clientPublicKey)
    }

    /// Whether the request proves knowledge of the activation code whose key is `activationKey`; the MAC is
    /// compared in constant time.
    public static func verifyProof(of request: ProvisioningRequest, activationKey: SymmetricKey) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(
            request.proof,
            authenticating: request.transcript,
            using: proofKey(activationKey)
        )
    }

    /// Answers a request whose proof was verified: a fresh ephemeral key, the confirmation and the seed.
    public static func respond(
        to request: ProvisioningRequest,
        activationKey: SymmetricKey,
        parameters: TokenParameters,
        nonce: [UInt8] = randomNonce()
    ) throws(ProvisioningError) -> (response: ProvisioningResponse, seed: [UInt8]) {
        let clientKey = try publicKey(request.clientPublicKey)
        let privateKey = P256.KeyAgreement.PrivateKey()
        let shared: SharedSecret
        do { shared = try privateKey.sharedSecretFromKeyAgreement(with: clientKey) } catch { throw .invalidPublicKey }
        var response = ProvisioningResponse(
            serverPublicKey: privateKey.publicKey.x963Representation,
            serverNonce: Data(nonce),
            parameters: parameters,
            confirmation: Data()
        )
        let keys = keys(shared: shared, activationKey: activationKey, request: request, response: response)
        response.confirmation = Data(HMAC<SHA256>.authenticationCode(for: keys.transcript, using: keys.confirmation))
        return (response, keys.seed)
    }

    static func proof(for request: ProvisioningRequest, activationKey: SymmetricKey) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: request.transcript, using: proofKey(activationKey)))
    }

    static func publicKey(_ bytes: Data) throws(ProvisioningError) -> P256.KeyAgreement.PublicKey {
        do { return try P256.KeyAgreement.PublicKey(x963Representation: bytes) } catch { throw .invalidPublicKey }
    }

    private static func proofKey(_ activationKey: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: activationKey,
            info: Array("pooya/provisioning/v1/proof".utf8),
            outputByteCount: 32
        )
    }

    /// The key schedule: seed and confirmation key from the ECDH secret, salted with the activation key and bound
    /// to the hash of the whole transcript (request, server key and nonce, parameters).
    static func keys(
        shared: SharedSecret,
        activationKey: SymmetricKey,
        request: ProvisioningRequest,
        response: ProvisioningResponse
    ) -> (seed: [UInt8], confirmation: SymmetricKey, transcript: [UInt8]) {
        let transcript =
            request.transcript
            + Transcript.fields([
                Array(request.proof), Array(response.serverPublicKey), Array(response.serverNonce),
                response.parameters.transcriptBytes,
            ])
        let transcriptHash = Array(SHA256.hash(data: transcript))
        let salt = activationKey.withUnsafeBytes { Array($0) }
        let seed = shared.hkdfDerivedSymmetricKey(
            using: SHA256.self,
            salt: salt,
            sharedInfo: Array("pooya/provisioning/v1/seed".utf8) + transcriptHash,
            outputByteCount: response.parameters.seedByteCount
        )
        let confirmation = shared.hkdfDerivedSymmetricKey(
            using: SHA256.self,
            salt: salt,
            sharedInfo: Array("pooya/provisioning/v1/confirm".utf8) + transcriptHash,
            outputByteCount: 32
        )
        return (seed.withUnsafeBytes { Array($0) }, confirmation, transcript)
    }
}
