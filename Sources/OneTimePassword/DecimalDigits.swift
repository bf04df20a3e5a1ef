/// Decimal digits as people type them: Latin (0–9), Persian (۰–۹, U+06F0…) and Arabic-Indic (٠–٩, U+0660…).
public enum DecimalDigits {
    /// `text` with every Persian and Arabic-Indic digit replaced by its Latin digit, or `nil` when `text` is
    /// empty or holds anything other than decimal digits.
    public static func latin(_ text: some StringProtocol) -> String? {
        var result = ""
        for scalar in text.unicodeScalars {
            guard let value = value(of: scalar) else { return nil }
            result.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "0") + value))
        }
        return result.isEmpty ? nil : result
    }

    /// The value 0–9 of a Latin, Persian or Arabic-Indic digit, or `nil` for any other character.
    public static func value(of scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x30...0x39: UInt8(scalar.value - 0x30)
        case 0x06F0...0x06F9: UInt8(scalar.value - 0x06F0)
        case 0x0660...0x0669: UInt8(scalar.value - 0x0660)
        default: nil
        }
    }

    /// `count` uniformly random Latin digits from `generator` (a CSPRNG for anything secret); leading zeros kept.
    public static func random(count: Int, using generator: inout some RandomNumberGenerator) -> String {
        String(
            (0..<count).map { _ in
                Character(Unicode.Scalar(UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &generator)))
            }
        )
    }

    /// `text` with every Latin digit written as a Persian digit (۰–۹), for text a cardholder reads.
    public static func persian(_ text: some StringProtocol) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    (0x30...0x39).contains(scalar.value)
                        ? Unicode.Scalar(scalar.value - 0x30 + 0x06F0) ?? scalar : scalar
                }
            )
        )
    }
}
