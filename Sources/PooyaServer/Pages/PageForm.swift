import Foundation
import Hummingbird

/// The fields of a page's form (`application/x-www-form-urlencoded`), by name.
struct PageForm {
    private let fields: [String: [String]]

    /// Reads the form of `request`: at most 4 KiB, the most a page's form sends.
    ///
    /// - Throws: ``Problem`` 413 for a larger body.
    init(_ request: Request) async throws {
        var request = request
        let body = try await request.collectBody(upTo: 4096)
        var fields: [String: [String]] = [:]
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            fields[name, default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        self.fields = fields
    }

    /// The value of field `name`, if sent (the first, when it was sent more than once).
    subscript(name: String) -> String? { fields[name]?.first }

    /// Every value sent for field `name` (a group of checkboxes), in order.
    func values(_ name: String) -> [String] { fields[name] ?? [] }
}
