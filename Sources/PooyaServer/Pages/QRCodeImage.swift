import CQRencode

/// A QR code as an SVG image, encoded by libqrencode (error correction level M, byte mode, the smallest version that
/// fits) and drawn as one path of dark modules inside the standard four-module quiet zone.
enum QRCodeImage {
    /// The SVG of `text`'s QR code, or `nil` when libqrencode cannot encode it (too long).
    static func svg(for text: String) -> String? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let modules = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        let quietZone = 4
        let size = width + 2 * quietZone
        var path = ""
        for row in 0..<width {
            for column in 0..<width where modules[row * width + column] & 1 == 1 {
                path += "M\(column + quietZone) \(row + quietZone)h1v1h-1z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" width="\(size * 8)" \
            height="\(size * 8)" shape-rendering="crispEdges"><rect width="\(size)" height="\(size)" fill="#fff"/>\
            <path fill="#000" d="\(path)"/></svg>
            """
    }
}
