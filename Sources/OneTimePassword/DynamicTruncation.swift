/// RFC 4226 §5.3 dynamic truncation and the decimal rendering of its result, shared by HOTP, TOTP and OCRA.
enum DynamicTruncation {
    /// The 31-bit value RFC 4226 calls `Snum`: four bytes of the MAC at the offset its last nibble names.
    static func value(of mac: UnsafeRawBufferPointer) -> UInt32 {
        let offset = Int(mac[mac.count - 1] & 0x0f)
        return UInt32(mac[offset] & 0x7f) << 24
            | UInt32(mac[offset + 1]) << 16
            | UInt32(mac[offset + 2]) << 8
            | UInt32(mac[offset + 3])
    }

    /// `value mod 10^digits` as exactly `digits` ASCII digits, leading zeros kept.
    ///
    /// Codes are at most 10 characters, so the string is stored inline and never allocates.
    static func code(_ value: UInt32, digits: Int) -> String {
        var remaining = UInt64(value)
        return String(unsafeUninitializedCapacity: digits) { buffer in
            for index in stride(from: digits - 1, through: 0, by: -1) {
                buffer[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remaining % 10)
                remaining /= 10
            }
            return digits
        }
    }
}
