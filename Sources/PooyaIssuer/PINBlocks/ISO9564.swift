/// ISO 9564-1's PIN block formats 0, 3 and 4, as the card's issuer reads them: the block deciphered under its zone
/// key, the card number's field taken off, and the PIN field checked nibble by nibble. No cipher here: the vault
/// that holds the zone key deciphers each block.
public enum ISO9564 {
    /// The PIN (4 to 12 Latin digits) in `block`, made for the card number `pan`.
    ///
    /// - Parameter decipher: one cipher block (8 or 16 bytes) deciphered under the block's zone key.
    /// - Throws: ``PINBlockFault/undecipherable`` or ``PINBlockFault/panMismatch``, or what `decipher` throws.
    public static func pin(
        in block: EncipheredPINBlock,
        pan: PAN,
        decipher: ([UInt8]) throws(PINBlockFault) -> [UInt8]
    ) throws(PINBlockFault) -> String {
        switch block.format {
        case .iso0, .iso3:
            let field = xor(try decipher(block.bytes), panField(pan, format: block.format))
            return try pin(inField: field, format: block.format)
        case .iso4:
            let intermediate = xor(try decipher(block.bytes), panField(pan, format: .iso4))
            return try pin(inField: try decipher(intermediate), format: .iso4)
        }
    }

    /// The card number's field a block of `format` is bound with: for formats 0 and 3, four zero nibbles and the 12
    /// rightmost digits without the check digit; for format 4, the number of digits past 12, the number (left
    /// padded with zeros to 12 digits), and zero nibbles to 16 bytes.
    static func panField(_ pan: PAN, format: PINBlockFormat) -> [UInt8] {
        let digits = pan.digits.utf8.map { $0 - UInt8(ascii: "0") }
        let nibbles: [UInt8]
        switch format {
        case .iso0, .iso3: nibbles = [0, 0, 0, 0] + digits.dropLast().suffix(12)
        case .iso4:
            let number = Array(repeating: 0, count: max(0, 12 - digits.count)) + digits
            let field = [UInt8(max(0, digits.count - 12))] + number
            nibbles = field + Array(repeating: 0, count: 32 - field.count)
        }
        return stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
    }

    /// The PIN a clear PIN field of `format` holds: its control nibble (0, 3 or 4), its length (4 to 12), the PIN's
    /// decimal digits, then the fill (F for format 0, A to F for format 3, A for format 4, whose second half is
    /// random padding).
    static func pin(inField field: [UInt8], format: PINBlockFormat) throws(PINBlockFault) -> String {
        let nibbles = field.flatMap { [$0 >> 4, $0 & 15] }
        let control: UInt8 = format == .iso0 ? 0 : format == .iso3 ? 3 : 4
        let length = Int(nibbles[1])
        guard nibbles[0] == control, (4...12).contains(length) else { throw .undecipherable }
        // Past the control and length nibbles, a block for another card differs in the PIN and fill nibbles only.
        let misread: PINBlockFault = format == .iso4 ? .undecipherable : .panMismatch
        let digits = nibbles[2..<2 + length]
        let fill = nibbles[(2 + length)..<16]
        let fillIsRight =
            switch format {
            case .iso0: fill.allSatisfy { $0 == 0xF }
            case .iso3: fill.allSatisfy { $0 >= 0xA }
            case .iso4: fill.allSatisfy { $0 == 0xA }
            }
        guard digits.allSatisfy({ $0 <= 9 }), fillIsRight else { throw misread }
        return String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
    }

    private static func xor(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        zip(a, b).map { $0 ^ $1 }
    }
}
