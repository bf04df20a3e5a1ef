public import OneTimePassword

/// What the issuer tells the authenticator about a new token; covered by the handshake's confirmation MAC, so a
/// man in the middle cannot change it.
public struct TokenParameters: Sendable, Hashable, Codable {
    /// The issuer's id for the token.
    public var tokenID: String
    /// Which PIN the token replaces.
    public var kind: PINKind
    /// The HMAC hash of the codes.
    public var algorithm: OTPAlgorithm
    /// Digits per code.
    public var digits: Int
    /// Seconds per time step.
    public var period: Int64
    /// The card, masked (first 6 and last 4 digits).
    public var maskedPAN: String
    /// The issuing bank's name.
    public var bank: String
    /// Whether the issuer lets the cardholder carry the token to another device in an encrypted backup; `nil`
    /// (tokens from before the choice existed) and `false` keep it on this device.
    public var exportable: Bool?

    /// Collects the parameters.
    public init(
        tokenID: String,
        kind: PINKind,
        algorithm: OTPAlgorithm,
        digits: Int,
        period: Int64,
        maskedPAN: String,
        bank: String,
        exportable: Bool? = nil
    ) {
        self.exportable = exportable
        self.tokenID = tokenID
        self.kind = kind
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
        self.maskedPAN = maskedPAN
        self.bank = bank
    }

    /// The seed length for the algorithm: its HMAC output size (20, 32 or 64 bytes).
    public var seedByteCount: Int { algorithm.outputByteCount }

    /// An unambiguous byte encoding for the transcript: each field length-prefixed; `exportable` only when true, so
    /// a token that may not leave its device is confirmed as before.
    var transcriptBytes: [UInt8] {
        Transcript.fields(
            [
                Array(tokenID.utf8), Array(kind.rawValue.utf8), Array(algorithm.rawValue.utf8),
                Array(String(digits).utf8), Array(String(period).utf8), Array(maskedPAN.utf8), Array(bank.utf8),
            ] + (exportable == true ? [Array("exportable".utf8)] : [])
        )
    }
}

/// Length-prefixed concatenation, so that no two different field lists give the same bytes.
enum Transcript {
    static func fields(_ fields: [[UInt8]]) -> [UInt8] {
        fields.flatMap { field in withUnsafeBytes(of: UInt32(field.count).bigEndian, Array.init) + field }
    }
}
