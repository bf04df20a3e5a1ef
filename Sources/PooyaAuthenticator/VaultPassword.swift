import Foundation
import OneTimePassword

/// A vault password as the cardholder means it, whichever keyboard typed it: Unicode NFC, every Persian and
/// Arabic-Indic digit as its Latin digit, and the Arabic letters a keyboard may give for Persian ones (yeh ي and ى
/// as ی, kaf ك as ک). `گذرواژه۱۲۳۴` typed on a Persian keyboard and `گذرواژه1234` typed on a Latin one open the same
/// vault.
enum VaultPassword {
    /// `password` in its one normal form.
    static func normalized(_ password: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in password.precomposedStringWithCanonicalMapping.unicodeScalars {
            if let digit = DecimalDigits.value(of: scalar) {
                result.append(Unicode.Scalar(UInt8(ascii: "0") + digit))
            } else {
                result.append(persianLetters[scalar] ?? scalar)
            }
        }
        return String(result)
    }

    private static let persianLetters: [Unicode.Scalar: Unicode.Scalar] = [
        "\u{064A}": "\u{06CC}", "\u{0649}": "\u{06CC}", "\u{0643}": "\u{06A9}",
    ]
}
