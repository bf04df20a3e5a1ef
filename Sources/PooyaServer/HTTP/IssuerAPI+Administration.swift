import Foundation
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer

extension IssuerAPI {
    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        try Authorization.require(.admin)
        try await issuer.revokeToken(input.path.tokenId)
        return .noContent(.init())
    }

    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        try Authorization.require(.admin)
        let entries = try await issuer.auditTrail(cardID: input.query.cardId)
        return .ok(
            .init(
                body: .json(
                    .init(
                        entries: entries.map { entry in
                            .init(
                                sequence: entry.sequence,
                                action: entry.event.action.rawValue,
                                cardFingerprint: entry.event.cardFingerprint?.hex,
                                tokenId: entry.event.tokenID,
                                kind: entry.event.kind.map(Components.Schemas.PINKind.init),
                                channel: entry.event.channel?.rawValue,
                                reason: entry.event.reason?.rawValue,
                                time: Self.date(entry.event.time),
                                actor: entry.event.actor?.rawValue,
                                previousHash: entry.previousHash,
                                hash: entry.hash
                            )
                        }
                    )
                )
            )
        )
    }

    func verifyAudit(_ input: Operations.VerifyAudit.Input) async throws -> Operations.VerifyAudit.Output {
        try Authorization.require(.admin)
        let verification: Components.Schemas.AuditVerification =
            switch try await issuer.verifyAuditChain() {
            case .intact(let entries): .init(intact: true, entries: entries)
            case .broken(let sequence, let reason):
                .init(intact: false, entries: sequence - 1, brokenAt: sequence, reason: reason)
            }
        return .ok(.init(body: .json(verification)))
    }

    func getTime(_ input: Operations.GetTime.Input) async throws -> Operations.GetTime.Output {
        let now = clock.now()
        return .ok(.init(body: .json(.init(unixTime: now, utc: Self.date(now)))))
    }

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .plainText("ok\n")))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        .ok(.init(body: .plainText(.init(metrics.render()))))
    }

    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        await isReady()
            ? .ok(.init(body: .plainText("ready\n")))
            : .serviceUnavailable(.init(body: .plainText("the database does not answer\n")))
    }
}

extension IssuerAPI: APIProtocol {}
