import ArgumentParser
import Foundation
import OneTimePassword

/// `pooya otp ocra`: an RFC 6287 challenge-response or signature.
struct OCRACommand: OutputCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocra",
        abstract: "Print the OCRA response (RFC 6287) of a suite, key and inputs.",
        discussion: """
            Give exactly the inputs the suite names: --counter for C, --question for Q, --pin or --pin-hash-hex \
            for P, --session for S. For T the tool turns --time (default: now) into the suite's time steps.
            """
    )

    @Option(help: "The OCRA suite, such as OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1.")
    var suite: String

    @Option(help: "The key as hex digits.")
    var keyHex: String

    @Option(help: "The counter (suites with C).", transform: NumberArgument.parse)
    var counter: UInt64?

    @Option(help: "The challenge question, in the suite's format (N digits, A text, H hex).")
    var question: String

    @Option(help: "The PIN (suites with P); it is hashed with the suite's PIN hash.")
    var pin: String?

    @Option(help: "The PIN's hash as hex (suites with P), instead of --pin.")
    var pinHashHex: String?

    @Option(help: "The session information as hex (suites with S).")
    var session: String?

    @Option(
        parsing: .unconditional,
        help: "Unix time in seconds (suites with T; default: now).",
        transform: NumberArgument.parse
    )
    var time: Int64?

    func validate() throws {
        if pin != nil, pinHashHex != nil {
            throw ValidationError("give the PIN once: either --pin or --pin-hash-hex")
        }
    }

    func output() throws -> String {
        let suite = try OCRASuite(suite)
        let timeSteps = try suite.timeStep.map { _ in
            try suite.timeSteps(at: time ?? Int64(Date().timeIntervalSince1970.rounded(.down)))
        }
        if suite.timeStep == nil, time != nil { throw OCRAError.unexpectedInput("time") }
        let pin: OCRAInput.PIN? =
            if let pin { .plain(pin) } else if let pinHashHex { .hash(try Hex.decode(pinHashHex)) } else { nil }
        let input = OCRAInput(
            counter: counter,
            question: question,
            pin: pin,
            sessionInfo: try session.map { try Hex.decode($0) },
            timeSteps: timeSteps
        )
        return try OCRA(suite: suite, key: Hex.decode(keyHex)).response(to: input)
    }
}
