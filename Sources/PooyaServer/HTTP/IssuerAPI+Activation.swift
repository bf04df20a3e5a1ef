import Foundation
import OneTimePassword
import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer
import PooyaProtocol

extension IssuerAPI {
    func startActivation(_ input: Operations.StartActivation.Input) async throws -> Operations.StartActivation.Output {
        try Authorization.require(.activate)
        guard case .json(let body) = input.body else { throw Problem.malformed("expected a JSON body") }
        let card = try issuer.reference(to: try PAN(parsing: body.pan))
        try await RateLimiters.check(limiters.cardActivations, card.fingerprint.hex)
        let result = try await issuer.activate(
            ActivationRequest(
                card: card,
                mobile: MobileNumber(parsing: body.mobile),
                kind: body.kind.domain,
                channel: body.channel.domain
            )
        )
        return .created(
            .init(
                body: .json(
                    .init(
                        serial: result.serial.digits,
                        receiptCode: result.receipt.digits,
                        qrPayload: result.qrPayload,
                        expiresAt: Self.date(result.expiresAt),
                        sentTo: result.sentTo,
                        pageUrl: result.qrPayload == nil
                            ? nil : try pageURL("activation", issuer.activationPageAddress(for: result))
                    )
                )
            )
        )
    }

    func offerToken(_ input: Operations.OfferToken.Input) async throws -> Operations.OfferToken.Output {
        guard case .json(let body) = input.body else { throw Problem.malformed("expected a JSON body") }
        let offer = try await issuer.offer(for: body.domain, from: ClientAddressMiddleware.current)
        return .ok(
            .init(
                body: .json(
                    .init(
                        kind: .init(offer.kind),
                        maskedPan: offer.maskedPAN,
                        bank: offer.bank,
                        mac: Base64EncodedData(offer.mac)
                    )
                )
            )
        )
    }

    func provisionToken(_ input: Operations.ProvisionToken.Input) async throws -> Operations.ProvisionToken.Output {
        guard case .json(let body) = input.body else { throw Problem.malformed("expected a JSON body") }
        let response = try await issuer.provision(body.domain, from: ClientAddressMiddleware.current)
        let parameters = response.parameters
        return .created(
            .init(
                body: .json(
                    .init(
                        serverPublicKey: Base64EncodedData(response.serverPublicKey),
                        serverNonce: Base64EncodedData(response.serverNonce),
                        parameters: .init(
                            tokenId: parameters.tokenID,
                            kind: .init(parameters.kind),
                            algorithm: .init(rawValue: parameters.algorithm.rawValue) ?? .sha1,
                            digits: parameters.digits,
                            period: parameters.period,
                            maskedPan: parameters.maskedPAN,
                            bank: parameters.bank,
                            exportable: parameters.exportable
                        ),
                        confirmation: Base64EncodedData(response.confirmation)
                    )
                )
            )
        )
    }

    func confirmActivation(_ input: Operations.ConfirmActivation.Input) async throws
        -> Operations.ConfirmActivation.Output
    {
        try Authorization.require(.activate)
        guard case .json(let body) = input.body else { throw Problem.malformed("expected a JSON body") }
        let confirmation = try await issuer.confirmActivation(serial: input.path.serial, smsPart: body.smsPart)
        return .ok(
            .init(
                body: .json(
                    .init(
                        cardId: confirmation.cardID,
                        maskedPan: confirmation.maskedPAN,
                        kind: .init(confirmation.kind)
                    )
                )
            )
        )
    }
}

extension Components.Schemas.ProvisioningRequest {
    /// The handshake's request as the protocol has it.
    var domain: ProvisioningRequest {
        ProvisioningRequest(
            version: version,
            lookupID: lookupId,
            clientPublicKey: Data(clientPublicKey.data),
            clientNonce: Data(clientNonce.data),
            proof: Data(proof.data)
        )
    }
}
