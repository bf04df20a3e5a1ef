/// An Iranian issuing bank, named from a card's BIN (first six digits). Both sides name banks the same way: the issuer
/// when it registers a card, the authenticator when it shows a token in Persian.
public struct Bank: Sendable, Hashable, CustomStringConvertible {
    /// The bank's English name, or `Unknown bank`.
    public let name: String
    /// The bank's Persian name, or `بانک نامشخص`.
    public let persianName: String

    private static let byBIN: [String: (String, String)] = [
        "603799": ("Bank Melli Iran", "بانک ملی ایران"), "610433": ("Bank Mellat", "بانک ملت"),
        "622106": ("Parsian Bank", "بانک پارسیان"), "502806": ("Shahr Bank", "بانک شهر"),
        "504706": ("Shahr Bank", "بانک شهر"), "628023": ("Bank Maskan", "بانک مسکن"),
        "603769": ("Bank Saderat Iran", "بانک صادرات ایران"), "627353": ("Tejarat Bank", "بانک تجارت"),
        "589210": ("Bank Sepah", "بانک سپه"), "627412": ("EN Bank", "بانک اقتصاد نوین"),
        "502229": ("Pasargad Bank", "بانک پاسارگاد"), "639347": ("Pasargad Bank", "بانک پاسارگاد"),
        "621986": ("Saman Bank", "بانک سامان"), "603770": ("Bank Keshavarzi", "بانک کشاورزی"),
        "589463": ("Refah Bank", "بانک رفاه کارگران"), "636214": ("Ayandeh Bank", "بانک آینده"),
        "627760": ("Post Bank of Iran", "پست بانک ایران"),
    ]

    /// The bank for `bin`, or "Unknown bank" for a BIN not in the table.
    public init(bin: String) {
        self = Self.known(bin: bin) ?? Bank(name: "Unknown bank", persianName: "بانک نامشخص")
    }

    /// The bank for `bin` (or for a masked card number's first six digits), or `nil` for a BIN not in the table.
    public static func known(bin: some StringProtocol) -> Bank? {
        Self.byBIN[String(bin.prefix(6))].map { Bank(name: $0.0, persianName: $0.1) }
    }

    /// A bank by its names, as a store reads it back.
    public init(name: String, persianName: String) {
        self.name = name
        self.persianName = persianName
    }

    /// The English name.
    public var description: String { name }
}
