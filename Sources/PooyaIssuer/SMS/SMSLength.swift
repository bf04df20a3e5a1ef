/// How many parts an SMS takes, as operators send and bill it. A text wholly in the GSM 7-bit alphabet goes as up to
/// 160 characters in one part and 153 a part when split (a character of the extension table, such as `€` or `{`,
/// takes two); any other text — Persian among them — goes as UCS-2: up to 70 UTF-16 units in one part, 67 a part
/// when split.
public enum SMSLength {
    /// The parts `text` takes.
    public static func parts(of text: String) -> Int {
        if let septets = gsmSeptets(text) {
            return septets <= 160 ? 1 : (septets + 152) / 153
        }
        let units = text.utf16.count
        return units <= 70 ? 1 : (units + 66) / 67
    }

    /// The septets `text` takes in the GSM 7-bit alphabet, or `nil` when a character is not in it.
    static func gsmSeptets(_ text: String) -> Int? {
        var septets = 0
        for scalar in text.unicodeScalars {
            if basic.contains(scalar) {
                septets += 1
            } else if extended.contains(scalar) {
                septets += 2
            } else {
                return nil
            }
        }
        return septets
    }

    private static let basic = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
            .unicodeScalars
    )
    private static let extended = Set("^{}\\[~]|€\u{0C}".unicodeScalars)
}
