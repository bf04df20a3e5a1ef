public import Foundation
import OneTimePassword

/// A digest as the stores keep it: its bytes, not the hex digits the domain writes — half the room in a row and in an
/// index, for the digests kept with every verification (an audit entry's hash and its card's fingerprint, 32 bytes
/// each; a decision's request digest, 16).
public enum StoredDigest {
    /// The bytes of a digest written as 64 lower-case hex digits (a SHA-256 or HMAC-SHA-256 digest) or 32 (the first
    /// half of one, as a decision's request digest is), as every digest the domain makes is.
    ///
    /// - Throws: ``StoredValueCorruption`` for any other text: it would not read back as itself.
    public static func bytes(_ hex: String) throws(StoredValueCorruption) -> Data {
        let digits = hex.utf8
        guard digits.count == 64 || digits.count == 32 else {
            throw StoredValueCorruption("a digest of \(digits.count) characters, not 64 or 32")
        }
        var bytes = Data(count: digits.count / 2)
        let complete = bytes.withUnsafeMutableBytes { output in
            var index = digits.startIndex
            for offset in output.indices {
                let high = value(of: digits[index])
                digits.formIndex(after: &index)
                let low = value(of: digits[index])
                digits.formIndex(after: &index)
                guard let high, let low else { return false }
                output[offset] = high << 4 | low
            }
            return true
        }
        guard complete else {
            throw StoredValueCorruption("a digest with a character that is not a lower-case hex digit")
        }
        return bytes
    }

    /// The domain's text for stored bytes. Any bytes read back, so a hand-edited value (the wrong length, or text
    /// where bytes belong) still reads, and the audit chain's check then finds it does not match.
    public static func hex(_ bytes: Data) -> String {
        Hex.encode(bytes)
    }

    private static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

extension StoredColumns {
    /// The next column's digest (``StoredDigest``) as the domain's hex.
    public mutating func digest() throws -> String {
        StoredDigest.hex(try data())
    }

    /// The next column's digest (``StoredDigest``) as the domain's hex, `nil` for `NULL`.
    public mutating func optionalDigest() throws -> String? {
        try optionalData().map(StoredDigest.hex)
    }
}
