import OneTimePassword

/// The Damm check digit: it catches every single-digit error and every swap of two adjacent digits, so a mistyped
/// activation code is refused on the device before it costs an attempt.
enum DammCheckDigit {
    private static let table: [[UInt8]] = [
        [0, 3, 1, 7, 5, 9, 8, 6, 4, 2], [7, 0, 9, 2, 1, 5, 4, 8, 6, 3], [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
        [1, 7, 5, 0, 9, 8, 3, 4, 2, 6], [6, 1, 2, 3, 0, 4, 5, 9, 7, 8], [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
        [5, 8, 6, 9, 7, 2, 0, 1, 3, 4], [8, 9, 4, 5, 3, 6, 2, 0, 1, 7], [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
        [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
    ]

    /// The check digit to append to `digits` (Latin digits only).
    static func checkDigit(for digits: some StringProtocol) -> Character {
        Character(Unicode.Scalar(UInt8(ascii: "0") + interim(digits)))
    }

    /// `count - 1` random digits from `generator` followed by their check digit.
    static func randomChecked(count: Int, using generator: inout some RandomNumberGenerator) -> String {
        let random = DecimalDigits.random(count: count - 1, using: &generator)
        return random + String(checkDigit(for: random))
    }

    /// Whether `digits`, check digit last, are consistent.
    static func isValid(_ digits: some StringProtocol) -> Bool {
        interim(digits) == 0
    }

    private static func interim(_ digits: some StringProtocol) -> UInt8 {
        digits.utf8.reduce(0) { row, digit in table[Int(row)][Int(digit - UInt8(ascii: "0"))] }
    }
}
