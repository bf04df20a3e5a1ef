/// Comparisons whose running time does not depend on where two secrets first differ.
public enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes.
    ///
    /// When the lengths are equal every byte pair is examined, with no exit at the first difference, so the
    /// time taken tells nothing about how much of a guessed code was right. Lengths are not secret (a code's
    /// length is public), so unequal lengths return `false` at once.
    public static func equals<Left: Collection<UInt8>, Right: Collection<UInt8>>(_ lhs: Left, _ rhs: Right) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }
}
