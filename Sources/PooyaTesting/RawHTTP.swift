import NIOCore
import NIOPosix

/// Bytes written to a loopback port as they are, for requests no HTTP client would send (broken chunked framing,
/// half-sent bodies, connections that send nothing).
public enum RawHTTP {
    /// Sends `bytes` to 127.0.0.1:`port` and returns what came back until the server closed the connection, or
    /// `(no end within …)` when it had not closed it after `limit`. A server that answers and closes before the bytes
    /// are written (a refused connection) is not an error: its answer is returned.
    public static func exchange(port: Int, _ bytes: [UInt8], limit: Duration = .seconds(5)) async throws -> String {
        let connection = try await RawConnection(port: port)
        try? await connection.send(bytes)
        return await connection.answer(within: limit)
    }
}

/// A connection to a loopback port kept open until the server closes it or ``close()`` is called; what the server
/// sends is collected until then.
public struct RawConnection: Sendable {
    private let channel: any Channel
    private let received: EventLoopFuture<String>

    /// Connects to 127.0.0.1:`port`.
    public init(port: Int) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: String.self)
        channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(promise: promise))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        received = promise.futureResult
    }

    /// Writes `bytes`.
    public func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// What the server sent until it closed the connection, or `(no end within …)` when it had not after `limit`
    /// (the connection is then closed here).
    public func answer(within limit: Duration) async -> String {
        let received = self.received
        return await withTaskGroup(of: String?.self) { group in
            group.addTask { try? await received.get() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            guard let first else {
                await close()
                return "(no end within \(limit))"
            }
            return first
        }
    }

    /// Closes the connection from this side.
    public func close() async {
        try? await channel.close()
    }

    /// Collects what arrives and tells it once the connection closes.
    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private var text = ""
        private let promise: EventLoopPromise<String>

        init(promise: EventLoopPromise<String>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            text += String(buffer: unwrapInboundIn(data))
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.succeed(text)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
