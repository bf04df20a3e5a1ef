public import PooyaProtocol

/// A completed activation without an app, as the bank's screen shows it.
public struct ActivationConfirmation: Sendable, Hashable {
    /// The card's id.
    public var cardID: String
    /// First six and last four digits.
    public var maskedPAN: String
    /// The PIN kind activated (always the second).
    public var kind: PINKind
}

extension Issuer {
    /// Completes the activation with ticket `serial` without an app: the cardholder typed the SMS part back on the
    /// ATM or internet-bank screen (any digit set, dashes and spaces allowed), and the bank's system passes it on.
    /// Same attempts and expiry as the authenticator's handshake. It turns SMS and USSD codes on for the card (where
    /// the bank offers them) and turns its static second PIN off, as an app token does.
    ///
    /// - Throws: ``IssuerError/invalidRequest(_:)`` for a mistyped SMS part (its check digit fails; no attempt is
    ///   spent), ``IssuerError/activationNotFound``, ``IssuerError/activationExpired``,
    ///   ``IssuerError/activationClosed``, ``IssuerError/activationCodeMismatch(attemptsLeft:)`` or
    ///   ``IssuerError/appRequired`` (a first PIN's activation).
    public func confirmActivation(serial: String, smsPart typed: String) async throws -> ActivationConfirmation {
        let part: SMSPart
        do { part = try SMSPart(parsing: typed) } catch {
            throw IssuerError.invalidRequest("the SMS part is mistyped: \(error.description)")
        }
        let now = clock.now()
        guard let fingerprint = try await store.cardFingerprint(ticketSerial: serial) else {
            throw IssuerError.activationNotFound
        }
        let digest = try smsPartDigest(part, serial: serial)
        let policy = self.policy
        return try await change(fingerprint, ifUnknown: .activationNotFound) { state in
            guard let index = state.tickets.firstIndex(where: { $0.serial == serial }) else {
                return .failure(state.refuseActivation(.activationClosed, kind: nil, channel: .api, now: now))
            }
            let kind = state.tickets[index].kind
            return state.confirmWithoutApp(ticketAt: index, smsPartDigest: digest, policy: policy, now: now).map {
                ActivationConfirmation(cardID: $0.id, maskedPAN: $0.maskedPAN, kind: kind)
            }
        }
    }
}
