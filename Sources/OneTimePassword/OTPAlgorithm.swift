internal import Crypto

/// The HMAC hash function a one-time password is computed with (RFC 4226 uses SHA-1; RFC 6238 and
/// RFC 6287 add SHA-256 and SHA-512).
public enum OTPAlgorithm: String, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// HMAC-SHA-1, the default of RFC 4226 and of most authenticators.
    case sha1 = "SHA1"
    /// HMAC-SHA-256.
    case sha256 = "SHA256"
    /// HMAC-SHA-512.
    case sha512 = "SHA512"

    /// The name as RFC 6238 and the otpauth URI spell it: `SHA1`, `SHA256` or `SHA512`.
    public var description: String { rawValue }

    /// Reads a name in any letter case, with or without a dash (`sha1`, `SHA-256`, `Sha512`).
    public init?(name: some StringProtocol) {
        let compact = name.uppercased().replacing("-", with: "")
        guard let algorithm = OTPAlgorithm(rawValue: compact) else { return nil }
        self = algorithm
    }

    /// The length in bytes of this hash function's output.
    public var outputByteCount: Int {
        switch self {
        case .sha1: Insecure.SHA1.byteCount
        case .sha256: SHA256.byteCount
        case .sha512: SHA512.byteCount
        }
    }

    /// The plain hash of `bytes` (OCRA hashes the PIN with it).
    func digest(of bytes: some Sequence<UInt8>) -> [UInt8] {
        let data = Array(bytes)
        return switch self {
        case .sha1: Array(Insecure.SHA1.hash(data: data))
        case .sha256: Array(SHA256.hash(data: data))
        case .sha512: Array(SHA512.hash(data: data))
        }
    }
}
