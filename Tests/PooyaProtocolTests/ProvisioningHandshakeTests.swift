import Foundation
import OneTimePassword
import PooyaProtocol
import Testing

struct ProvisioningHandshakeTests {
    let code: ActivationCode
    let parameters = TokenParameters(
        tokenID: "tok_1",
        kind: .second,
        algorithm: .sha1,
        digits: 7,
        period: 60,
        maskedPAN: "610433******1234",
        bank: "Bank Mellat"
    )

    init() {
        var random = SystemRandomNumberGenerator()
        code = ActivationCode(receipt: .random(using: &random), sms: .random(using: &random))
    }

    @Test func bothSidesDeriveTheSameSeedAndItNeverTravels() throws {
        let client = ProvisioningClient(code: code)
        try Handshake.validate(client.request)
        #expect(Handshake.verifyProof(of: client.request, activationKey: code.activationKey))
        let (response, serverSeed) = try Handshake.respond(
            to: client.request,
            activationKey: code.activationKey,
            parameters: parameters
        )
        let token = try client.complete(with: response)
        #expect(token.seed == serverSeed)
        #expect(token.seed.count == 20)
        #expect(token.parameters == parameters)
        let wire = try JSONEncoder().encode(client.request) + JSONEncoder().encode(response)
        #expect(wire.range(of: Data(serverSeed)) == nil)
        #expect(!String(decoding: wire, as: UTF8.self).contains(Data(serverSeed).base64EncodedString()))
    }

    @Test func anAttackerWithoutTheSMSPartCannotProve() {
        var random = SystemRandomNumberGenerator()
        let forged = ActivationCode(receipt: code.receipt, sms: .random(using: &random))
        var request = ProvisioningClient(code: forged).request
        request.lookupID = code.lookupID
        #expect(!Handshake.verifyProof(of: request, activationKey: code.activationKey))
    }

    @Test func anAttackerWithoutTheReceiptPartCannotProve() throws {
        var random = SystemRandomNumberGenerator()
        let forged = ActivationCode(receipt: .random(using: &random), sms: code.sms)
        var request = ProvisioningClient(code: forged).request
        request.lookupID = code.lookupID
        #expect(!Handshake.verifyProof(of: request, activationKey: code.activationKey))
    }

    @Test func aRequestWhoseKeyWasSwappedInTransitFailsItsProof() {
        var request = ProvisioningClient(code: code).request
        request.clientPublicKey = ProvisioningClient(code: code).request.clientPublicKey
        #expect(!Handshake.verifyProof(of: request, activationKey: code.activationKey))
    }

    @Test func aManInTheMiddleWithoutTheActivationKeyCannotAnswer() throws {
        let client = ProvisioningClient(code: code)
        var random = SystemRandomNumberGenerator()
        let guessed = ActivationCode(receipt: .random(using: &random), sms: .random(using: &random))
        let (response, _) = try Handshake.respond(
            to: client.request,
            activationKey: guessed.activationKey,
            parameters: parameters
        )
        #expect(throws: ProvisioningError.invalidConfirmation) { try client.complete(with: response) }
    }

    @Test func changedParametersOrServerKeyAreDetected() throws {
        let client = ProvisioningClient(code: code)
        let (response, _) = try Handshake.respond(
            to: client.request,
            activationKey: code.activationKey,
            parameters: parameters
        )
        var changed = response
        changed.parameters.digits = 6
        #expect(throws: ProvisioningError.invalidConfirmation) { try client.complete(with: changed) }
        var swapped = response
        swapped.serverPublicKey = ProvisioningClient(code: code).request.clientPublicKey
        #expect(throws: ProvisioningError.invalidConfirmation) { try client.complete(with: swapped) }
    }

    @Test(arguments: [true, false])
    func whetherATokenMayTravelIsCoveredByTheConfirmation(exportable: Bool) throws {
        let client = ProvisioningClient(code: code)
        var sent = parameters
        sent.exportable = exportable ? true : nil
        let (response, _) = try Handshake.respond(
            to: client.request,
            activationKey: code.activationKey,
            parameters: sent
        )
        _ = try client.complete(with: response)
        var flipped = response
        flipped.parameters.exportable = exportable ? nil : true
        #expect(throws: ProvisioningError.invalidConfirmation) { try client.complete(with: flipped) }
    }

    @Test func malformedMessagesAreTypedErrors() {
        var request = ProvisioningClient(code: code).request
        request.clientPublicKey = Data(repeating: 4, count: 65)
        #expect(throws: ProvisioningError.invalidPublicKey) { try Handshake.validate(request) }
        request = ProvisioningClient(code: code).request
        request.version = 2
        #expect(throws: ProvisioningError.malformedMessage("unknown version 2")) { try Handshake.validate(request) }
        request = ProvisioningClient(code: code).request
        request.clientNonce = Data([1])
        #expect(throws: ProvisioningError.malformedMessage("the nonce must be 16 bytes")) {
            try Handshake.validate(request)
        }
    }

    @Test func seedLengthFollowsTheAlgorithm() throws {
        for (algorithm, length) in [(OTPAlgorithm.sha256, 32), (.sha512, 64)] {
            var parameters = self.parameters
            parameters.algorithm = algorithm
            let client = ProvisioningClient(code: code)
            let (response, seed) = try Handshake.respond(
                to: client.request,
                activationKey: code.activationKey,
                parameters: parameters
            )
            #expect(seed.count == length)
            #expect(try client.complete(with: response).seed == seed)
        }
    }
}
