import ArgumentParser
import OneTimePassword

/// Whole numbers as operators type them: Latin, Persian or Arabic-Indic digits, with an optional leading minus.
enum NumberArgument {
    /// Reads `text` as a `Number`, or explains why it is not one.
    static func parse<Number: FixedWidthInteger>(_ text: String) throws -> Number {
        let negative = text.hasPrefix("-")
        guard let digits = DecimalDigits.latin(negative ? text.dropFirst() : text[...]),
            let number = Number((negative ? "-" : "") + digits)
        else {
            throw ValidationError("'\(text)' is not a whole number between \(Number.min) and \(Number.max)")
        }
        return number
    }
}

/// Hash names as operators type them: `sha1`, `SHA-256`, `Sha512`.
enum AlgorithmArgument {
    /// Reads `text` as an algorithm, or explains which names exist.
    static func parse(_ text: String) throws -> OTPAlgorithm {
        guard let algorithm = OTPAlgorithm(name: text) else {
            throw ValidationError("'\(text)' is not a known algorithm: use sha1, sha256 or sha512")
        }
        return algorithm
    }
}
