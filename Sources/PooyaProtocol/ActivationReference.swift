/// What the internet bank's screen shows for an activation, as a QR code or for typing by hand: the ticket serial
/// and the screen part of the activation code. The SMS part always comes separately, by SMS.
///
/// QR payload: `pooya://activate?v=1&serial=SSSSSSSSSS&code=RRRRRRRR`. The manual form is the same two values
/// typed (Maskan's "token serial + activation code"), read with ``init(serial:code:)``.
public struct ActivationReference: Sendable, Hashable {
    /// The ticket's serial.
    public let serial: TicketSerial
    /// The screen part of the activation code.
    public let receipt: ReceiptPart

    /// Pairs a serial and a screen part.
    public init(serial: TicketSerial, receipt: ReceiptPart) {
        self.serial = serial
        self.receipt = receipt
    }

    /// Reads the manual form: the serial and the code as typed (any digit set, spaces and dashes ignored).
    public init(serial: some StringProtocol, code: some StringProtocol) throws(ActivationCodeError) {
        self.init(serial: try TicketSerial(parsing: serial), receipt: try ReceiptPart(parsing: code))
    }

    /// Reads a scanned QR payload.
    public init(qrPayload: some StringProtocol) throws(ActivationCodeError) {
        let qrPayload = String(qrPayload)
        let prefix = "pooya://activate?"
        guard qrPayload.hasPrefix(prefix) else { throw .malformedPayload("it does not start with \(prefix)") }
        var fields: [Substring: Substring] = [:]
        for pair in qrPayload.dropFirst(prefix.count).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw .malformedPayload("a field has no value") }
            fields[parts[0]] = parts[1]
        }
        guard fields["v"] == "1" else { throw .malformedPayload("unknown version") }
        guard let serial = fields["serial"], let code = fields["code"] else {
            throw .malformedPayload("the serial or the code is missing")
        }
        try self.init(serial: serial, code: code)
    }

    /// The QR payload; it carries the screen part, so show it only to the cardholder.
    public var qrPayload: String {
        "pooya://activate?v=1&serial=\(serial.digits)&code=\(receipt.digits)"
    }
}
