import ArgumentParser
import Foundation
import PooyaIssuer

/// `pooya receipt`: the switch's side of verification receipts, offline.
struct ReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: "Check verification receipts without asking the issuer.",
        subcommands: [VerifyReceiptCommand.self]
    )
}

/// `pooya receipt verify TOKEN --keys FILE`: checks a receipt's signature and expiry against a saved key set and
/// prints its claims as JSON; exits 1 naming why a receipt is not valid. It does not redeem the receipt.
struct VerifyReceiptCommand: OutputCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a receipt's signature and expiry against a key set; print its claims.",
        discussion: """
            The key set is the JSON of GET /v1/receipts/keys, saved. Checking offline does not redeem the receipt: \
            POST /v1/receipts/verify accepts each receipt once.
            """
    )

    @Argument(help: "The receipt: the compact JWS a decision carried.")
    var receipt: String

    @Option(help: "A file holding the issuer's JSON Web Key Set (GET /v1/receipts/keys).")
    var keys: String

    @Option(help: "Check as at this Unix time instead of now.")
    var at: Int64?

    func output() throws -> String {
        let contents: Data
        do { contents = try Data(contentsOf: URL(fileURLWithPath: keys)) } catch {
            throw CommandFailure("cannot read the key set \(keys)")
        }
        let set: ReceiptKeySet
        do { set = try ReceiptKeySet(jwks: contents) } catch { throw CommandFailure("\(keys): \(error)") }
        switch set.check(receipt.trimmingCharacters(in: .whitespacesAndNewlines), now: at ?? SystemClock().now()) {
        case .valid(let claims): return String(decoding: claims.payload, as: UTF8.self)
        case .invalid(let fault): throw CommandFailure("the receipt is not valid: \(fault.rawValue)")
        }
    }
}
