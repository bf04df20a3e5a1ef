import Foundation
import OneTimePassword
import PooyaProtocol

/// Prints `message` to standard error: what a person should see, but a script capturing standard output should not.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Dates as a cardholder or operator in Iran reads them: the Jalali date and time in Tehran, then the same instant in
/// UTC (ISO 8601) for logs and tickets: `1405/09/16 14:02 (2026-12-07T10:32:00Z)`.
enum Dates {
    static func describe(_ unixTime: Int64) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(unixTime))
        return "\(TehranTime.dateAndTime(unixTime)) (\(date.formatted(.iso8601)))"
    }

    /// The Jalali date and time in Tehran alone, in Persian digits for Persian text: `۱۴۰۵/۰۹/۱۶ ۱۴:۰۲`.
    static func jalali(_ unixTime: Int64, persianDigits: Bool) -> String {
        let text = TehranTime.dateAndTime(unixTime)
        return persianDigits ? DecimalDigits.persian(text) : text
    }
}
