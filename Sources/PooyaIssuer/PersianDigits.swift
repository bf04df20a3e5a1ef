/// Numbers written with Persian digits (۰–۹), for text a cardholder reads.
enum PersianDigits {
    static func of(_ number: some BinaryInteger) -> String {
        String(String(number).unicodeScalars.map { scalar in
            guard ("0"..."9").contains(scalar), let persian = Unicode.Scalar(scalar.value - 0x30 + 0x06F0) else {
                return Character(scalar)
            }
            return Character(persian)
        })
    }
}
