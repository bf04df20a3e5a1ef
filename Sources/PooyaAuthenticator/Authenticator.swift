import Foundation
public import PooyaProtocol
import OneTimePassword

/// What the cardholder has to add a token with. Every form is checked on the device first (digits in any script,
/// check digits), so a typo costs no attempt.
public enum ActivationInput: Sendable {
    /// The receipt or screen part and the SMS part.
    case parts(receipt: String, sms: String)
    /// A scanned QR payload (serial and screen part) and the SMS part.
    case qrPayload(String, sms: String)
    /// The manual form: the serial and activation code typed, and the SMS part.
    case manual(serial: String, code: String, sms: String)

    /// Both parts, parsed.
    public func activationCode() throws(ActivationCodeError) -> ActivationCode {
        switch self {
        case .parts(let receipt, let sms):
            return ActivationCode(receipt: try ReceiptPart(parsing: receipt), sms: try SMSPart(parsing: sms))
        case .qrPayload(let payload, let sms):
            return ActivationCode(
                receipt: try ActivationReference(qrPayload: payload).receipt,
                sms: try SMSPart(parsing: sms)
            )
        case .manual(let serial, let code, let sms):
            return ActivationCode(
                receipt: try ActivationReference(serial: serial, code: code).receipt,
                sms: try SMSPart(parsing: sms)
            )
        }
    }
}

/// The cardholder's side: adding tokens to a vault through the provisioning handshake, and importing otpauth URIs.
public enum Authenticator {
    /// Parses `input` (locally), asks the issuer what the ticket would give, lets the vault decide whether it keeps
    /// such a token, and only then runs the handshake and adds the token to `vault`. A refusal by the vault therefore
    /// changes nothing at the issuer: the card's working token still works and the activation stays open, so the same
    /// parts can be used again with `replacing`. With `replacing`, the old token leaves the vault in the save that
    /// writes the new one. The issuer's clock is measured on the way (``measureClock(of:connection:localTime:)``).
    ///
    /// - Throws: ``PooyaProtocol/ActivationCodeError`` for a typo, before any network call; the issuer's
    ///   ``IssuerProblem``; ``PooyaProtocol/ProvisioningError/invalidConfirmation`` when an answer was not the
    ///   issuer's; ``VaultError/tokenExists(maskedPAN:)`` when the card has a token of that kind and `replacing` is
    ///   not set, before the handshake.
    public static func addToken(
        _ input: ActivationInput,
        connection: any IssuerConnection,
        to vault: inout Vault,
        replacing: Bool = false,
        now: Int64
    ) async throws -> StoredToken {
        let client = ProvisioningClient(code: try input.activationCode())
        let offer = try client.check(try await connection.offer(client.request))
        try vault.admits(maskedPAN: offer.maskedPAN, kind: offer.kind, replacing: replacing)
        let provisioned = try client.complete(with: try await connection.provision(client.request))
        var token = StoredToken(
            source: .issuer(provisioned.parameters, server: connection.server),
            seed: provisioned.seed,
            addedAt: now
        )
        _ = try? await measureClock(of: &token, connection: connection, localTime: now)
        try vault.add(token, replacing: replacing)
        return token
    }

    /// Measures the issuer's clock against the device's `localTime` and keeps the difference in `token`
    /// (``StoredToken/clockOffset``), so its codes are made for the issuer's time; the caller saves the vault. Called
    /// when a token is added and whenever a code is shown while the issuer can be reached.
    ///
    /// - Returns: the difference (positive: the device is slow) and whether it is large enough (over 30 s) to tell
    ///   the cardholder to set the clock right.
    @discardableResult
    public static func measureClock(of token: inout StoredToken, connection: any IssuerConnection, localTime: Int64)
        async throws -> (seconds: Int64, isTooLarge: Bool)
    {
        let skew = try await clockSkew(connection: connection, localTime: localTime)
        token.clockOffset = skew.seconds
        return skew
    }

    /// Adds an ordinary TOTP account from an otpauth URI.
    public static func importURI(_ text: String, to vault: inout Vault, now: Int64) throws -> StoredToken {
        let uri = try OTPAuthURI(parsing: text)
        guard case .totp(let period) = uri.kind else {
            throw VaultError.notTimeBased
        }
        let token = StoredToken(
            source: .otpauth(
                issuer: uri.issuer,
                account: uri.accountName,
                algorithm: uri.algorithm,
                digits: uri.digits,
                period: period
            ),
            seed: uri.secret,
            addedAt: now
        )
        try vault.add(token)
        return token
    }

    /// The difference between the issuer's clock and `localTime`, in seconds (positive: the phone is slow), and
    /// whether it is large enough (over 30 s) for codes to fail.
    public static func clockSkew(connection: any IssuerConnection, localTime: Int64) async throws
        -> (seconds: Int64, isTooLarge: Bool)
    {
        let skew = try await connection.serverTime() - localTime
        return (skew, abs(skew) > 30)
    }
}
