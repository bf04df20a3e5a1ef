import Foundation
import Hummingbird

/// The fields of a page's form (`application/x-www-form-urlencoded`), by name; a field sent twice keeps its first
/// value.
struct PageForm {
    private let fields: [String: String]

    /// Reads the form of `request`: at most 4 KiB, the most a page's form sends.
    ///
    /// - Throws: ``Problem`` 413 for a larger body.
    init(_ request: Request) async throws {
        var request = request
        let body = try await request.collectBody(upTo: 4096)
        var fields: [String: String] = [:]
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        self.fields = fields
    }

    /// The value of field `name`, if sent.
    subscript(name: String) -> String? { fields[name] }
}
