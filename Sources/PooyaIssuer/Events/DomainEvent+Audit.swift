import PooyaProtocol

extension DomainEvent {
    /// The audit trail's entry for this event.
    public var audit: AuditEvent {
        func entry(
            _ action: AuditEvent.Action,
            token: String? = nil,
            kind: PINKind? = nil,
            channel: AuditChannel? = nil,
            reason: AuditReason? = nil
        ) -> AuditEvent {
            AuditEvent(
                action,
                card: card,
                token: token,
                kind: kind,
                channel: channel,
                reason: reason,
                time: time,
                actor: actor
            )
        }
        switch fact {
        case .cardRegistered: return entry(.cardRegistered, channel: .api)
        case .cardUpdated: return entry(.cardUpdated, channel: .api)
        case .mobileChanged: return entry(.mobileChanged, channel: .api)
        case .activationStarted(let kind, let channel, let serial):
            return entry(.activationStarted, kind: kind, channel: AuditChannel(channel), reason: .ticket(serial))
        case .activationSuperseded(let kind, let serial):
            return entry(.activationSuperseded, kind: kind, reason: .ticket(serial))
        case .activationRejected(let kind, let channel, let reason):
            return entry(.activationRejected, kind: kind, channel: channel, reason: reason)
        case .activationConfirmed(let kind, let channel):
            return entry(.activationConfirmed, kind: kind, channel: AuditChannel(channel))
        case .tokenProvisioned(let kind, let channel, let token):
            return entry(.tokenProvisioned, token: token, kind: kind, channel: AuditChannel(channel))
        case .tokenRevoked(let kind, let token, let why, let channel):
            return entry(.tokenRevoked, token: token, kind: kind, channel: channel, reason: .revocation(why))
        case .pinLocked(let kind, let failures, let token):
            return entry(.pinLocked, token: token, kind: kind, reason: .consecutiveFailures(failures))
        case .pinUnlocked(let kind, let channel): return entry(.pinUnlocked, kind: kind, channel: channel)
        case .staticPINDisabled: return entry(.staticPINDisabled, kind: .second)
        case .codeIssued(let channel): return entry(.codeIssued, kind: .second, channel: AuditChannel(channel))
        case .codeRefused(let channel, let reason):
            return entry(.codeRefused, kind: .second, channel: AuditChannel(channel), reason: reason)
        case .verified(let kind, let decision, let token, let receipt):
            switch decision {
            case .approved:
                return entry(
                    .verificationApproved,
                    token: token,
                    kind: kind,
                    channel: .api,
                    reason: receipt.map(AuditReason.receipt)
                )
            case .staticPINAllowed:
                return entry(.staticPINAllowed, kind: kind, channel: .api, reason: receipt.map(AuditReason.receipt))
            case .rejected(let reason, _):
                return entry(.verificationRejected, token: token, kind: kind, channel: .api, reason: .rejection(reason))
            case .clockDrift:
                return entry(
                    .verificationRejected,
                    token: token,
                    kind: kind,
                    channel: .api,
                    reason: .rejection(.clockDrift)
                )
            }
        case .cardSuspended(let channel): return entry(.cardSuspended, channel: channel)
        case .activationSMSResent(let kind, let serial):
            return entry(.activationSMSResent, kind: kind, channel: .admin, reason: .ticket(serial))
        case .receiptRedeemed(let kind, let receipt):
            return entry(.receiptRedeemed, kind: kind, channel: .api, reason: .receipt(receipt))
        case .receiptPresentedAgain(let kind, let receipt):
            return entry(.receiptPresentedAgain, kind: kind, channel: .api, reason: .receipt(receipt))
        }
    }
}
