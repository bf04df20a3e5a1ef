/// Why a PIN block could not be read. Not a wrong PIN — that is a decision — but a block the switch must look at:
/// nothing is counted against the card. The raw values are the problem codes.
public enum PINBlockFault: String, Error, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Not hex, or not the length of its format's block.
    case malformed = "malformed_pin_block"
    /// No zone PIN key with this id, or one of another cipher than the format needs.
    case unknownZoneKey = "unknown_zone_key"
    /// Deciphered, it is no PIN block of its format: enciphered under another key, or damaged. (Format 4 binds the
    /// whole card number inside the cipher, so its block made for another card reads so too.)
    case undecipherable = "pin_block_undecipherable"
    /// Deciphered, its control field and PIN length are right, but its PIN digits or fill are not under this card's
    /// number: the block was made for another card (formats 0 and 3).
    case panMismatch = "pin_block_pan_mismatch"

    /// What went wrong, without the block.
    public var description: String {
        switch self {
        case .malformed:
            "pinBlock: not the hex of a PIN block of its format (16 hex digits for iso0 and iso3, 32 for iso4)"
        case .unknownZoneKey: "zoneKeyId: no zone PIN key with this id for the format's cipher"
        case .undecipherable: "the PIN block does not decipher under its zone key into a PIN block of its format"
        case .panMismatch: "the PIN block was made for another card number"
        }
    }
}
