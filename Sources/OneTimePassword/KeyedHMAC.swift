internal import Crypto

/// An HMAC whose key has already been absorbed: the inner and outer key pads are hashed once, when a generator is
/// made, and each code then costs only the message and the outer hash.
///
/// Holds the key material; never printed.
enum KeyedHMAC: Sendable {
    case sha1(HMAC<Insecure.SHA1>)
    case sha256(HMAC<SHA256>)
    case sha512(HMAC<SHA512>)

    /// Keys `algorithm`'s HMAC with `key`.
    init(algorithm: OTPAlgorithm, key: some Collection<UInt8>) {
        let key = SymmetricKey(data: Array(key))
        switch algorithm {
        case .sha1: self = .sha1(HMAC(key: key))
        case .sha256: self = .sha256(HMAC(key: key))
        case .sha512: self = .sha512(HMAC(key: key))
        }
    }

    /// Computes the MAC of `message` and hands its bytes to `body` without copying them to the heap.
    func authenticationCode<Result>(
        for message: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        switch self {
        case .sha1(var mac):
            mac.update(data: message)
            return mac.finalize().withUnsafeBytes(body)
        case .sha256(var mac):
            mac.update(data: message)
            return mac.finalize().withUnsafeBytes(body)
        case .sha512(var mac):
            mac.update(data: message)
            return mac.finalize().withUnsafeBytes(body)
        }
    }
}
