import Foundation

/// Times as a cardholder or an operator in Iran reads them: the Jalali (Solar Hijri) calendar on Tehran's clock. One
/// formatter for every place a person reads a time (SMS, USSD, `pooya token`, `pooya admin`), so the same minute
/// never shows as two days.
///
/// Digits are Latin; a Persian text writes them as Persian digits (`DecimalDigits.persian`).
public enum TehranTime {
    /// Tehran's time zone; Iran has kept +03:30 all year since 2022, which is the fallback on a system without
    /// time zone data.
    static let zone = TimeZone(identifier: "Asia/Tehran") ?? TimeZone(secondsFromGMT: 12_600) ?? .gmt

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .persian)
        calendar.timeZone = zone
        return calendar
    }()

    /// The Jalali date in Tehran: `1405/09/16`.
    public static func date(_ unixTime: Int64) -> String {
        date(of: components(unixTime))
    }

    /// The Jalali date and the 24-hour clock in Tehran: `1405/09/16 14:02`.
    public static func dateAndTime(_ unixTime: Int64) -> String {
        let parts = components(unixTime)
        return "\(date(of: parts)) \(twoDigits(parts.hour)):\(twoDigits(parts.minute))"
    }

    /// The 24-hour clock in Tehran: `14:02`.
    public static func clock(_ unixTime: Int64) -> String {
        let parts = components(unixTime)
        return "\(twoDigits(parts.hour)):\(twoDigits(parts.minute))"
    }

    /// The Unix time at which the Jalali day `text` (`1405/09/16`, `1405-9-16`; Latin digits) starts in Tehran, or
    /// `nil` when `text` is no such day.
    public static func startOfDay(jalali text: String) -> Int64? {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" }).compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard let date = calendar.date(from: components),
            calendar.dateComponents([.year, .month, .day], from: date) == components
        else { return nil }
        return Int64(date.timeIntervalSince1970)
    }

    private static func date(of parts: DateComponents) -> String {
        "\(parts.year ?? 0)/\(twoDigits(parts.month))/\(twoDigits(parts.day))"
    }

    private static func components(_ unixTime: Int64) -> DateComponents {
        calendar.dateComponents(
            [.year, .month, .day, .hour, .minute],
            from: Date(timeIntervalSince1970: TimeInterval(unixTime))
        )
    }

    private static func twoDigits(_ value: Int?) -> String {
        let value = value ?? 0
        return value < 10 ? "0\(value)" : "\(value)"
    }
}
