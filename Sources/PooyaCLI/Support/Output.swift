import Foundation

/// Prints `message` to standard error: what a person should see, but a script capturing standard output should not.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Dates as a cardholder or operator in Iran reads them: Jalali, then Gregorian, both UTC.
enum Dates {
    static func describe(_ unixTime: Int64) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(unixTime))
        var persian = Calendar(identifier: .persian)
        persian.timeZone = .gmt
        let parts = persian.dateComponents([.year, .month, .day], from: date)
        let jalali = String(format: "%04d/%02d/%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        return "\(jalali) (\(date.formatted(.iso8601)))"
    }
}
