import CPKCS11

/// A PKCS#11 attribute template: types with their values, laid out for one call.
struct Template {
    private var entries: [(type: CK_ATTRIBUTE_TYPE, value: [UInt8])] = []

    init() {}

    /// A template with `entries`.
    init(_ entries: [(CK_ATTRIBUTE_TYPE, Value)]) {
        self.entries = entries.map { ($0.0, $0.1.bytes) }
    }

    /// An attribute's value.
    enum Value {
        case ulong(CK_ULONG)
        case bool(Bool)
        case bytes([UInt8])
        case text(String)

        var bytes: [UInt8] {
            switch self {
            case .ulong(let value): withUnsafeBytes(of: value, Array.init)
            case .bool(let value): [value ? 1 : 0]
            case .bytes(let value): value
            case .text(let value): Array(value.utf8)
            }
        }
    }

    /// Runs `body` with the attributes and their count; the values live until it returns.
    func withAttributes<Result>(
        _ body: (UnsafeMutablePointer<CK_ATTRIBUTE>?, CK_ULONG) throws -> Result
    ) rethrows -> Result {
        let total = entries.reduce(0) { $0 + $1.value.count }
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(total, 1), alignment: 8)
        defer { storage.deallocate() }
        var attributes: [CK_ATTRIBUTE] = []
        var offset = 0
        for entry in entries {
            let start = storage + offset
            entry.value.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { start.copyMemory(from: base, byteCount: bytes.count) }
            }
            attributes.append(CK_ATTRIBUTE(type: entry.type, pValue: start, ulValueLen: CK_ULONG(entry.value.count)))
            offset += entry.value.count
        }
        return try attributes.withUnsafeMutableBufferPointer { try body($0.baseAddress, CK_ULONG($0.count)) }
    }
}
