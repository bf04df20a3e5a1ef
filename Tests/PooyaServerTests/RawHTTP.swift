import NIOCore
import NIOPosix

/// Bytes written to a loopback port as they are, and what came back until the server closed the connection or
/// `limit` passed: for requests no HTTP client would send (broken chunked framing, half-sent bodies).
enum RawHTTP {
    /// Sends `bytes` to 127.0.0.1:`port` and collects the answer.
    static func exchange(port: Int, _ bytes: [UInt8], limit: Duration = .seconds(5)) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(bytes: bytes))
                    var answer = ""
                    for try await chunk in inbound { answer += String(buffer: chunk) }
                    return answer
                }
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return "(no end within \(limit))"
            }
            let first = try await group.next() ?? ""
            group.cancelAll()
            return first
        }
    }
}
