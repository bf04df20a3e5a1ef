import OneTimePassword

/// Typed digits in any digit set, as Latin digits.
enum DecimalDigitsText {
    static func latin(_ text: String) -> String? {
        DecimalDigits.latin(String(text.filter { $0 != " " && $0 != "-" }))
    }
}
