import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTPTypes
import Synchronization

/// What keeps slow, idle and too many clients from holding the service's connections (and its file descriptors).
public struct ConnectionLimits: Sendable, Hashable {
    /// Connections open at once; one more is answered 503 `too_many_connections` and closed at once.
    public var maximumConnections: Int = 1_000
    /// From a connection's opening to its first complete request head.
    public var headerTimeout: Duration = .seconds(10)
    /// From a request's head to the end of its body.
    public var bodyTimeout: Duration = .seconds(10)
    /// From an answer to the next request's complete head on a kept-alive connection.
    public var idleTimeout: Duration = .seconds(60)
    /// On a graceful stop, how long idle connections may still bring a request (which is answered, then the
    /// connection closed) before they are closed: a request already on its way is not cut off.
    public var drainTime: Duration = .seconds(1)

    /// The defaults above.
    public init() {}
}

/// Counts the open connections of one server.
final class ConnectionCount: Sendable {
    private let open = Mutex(0)

    /// Counts one more connection; `false` (and not counted) when `maximum` are open already.
    func admit(maximum: Int) -> Bool {
        open.withLock { count in
            guard count < maximum else { return false }
            count += 1
            return true
        }
    }

    /// Counts one connection fewer.
    func release() { open.withLock { $0 -= 1 } }
}

/// One per connection, after the HTTP codec: refuses the connection over ``ConnectionLimits/maximumConnections``
/// with a 503 problem, closes it when a request head, a body or the next request does not come in time, and on a
/// graceful stop lets an idle connection bring one more request for ``ConnectionLimits/drainTime`` before Hummingbird
/// closes it.
///
/// Each step of a request moves the connection's deadline, a time kept here; one timer checks it. The timer is never
/// set further ahead than the shortest limit, so a new deadline is never earlier than the check already set, and a
/// request does not schedule and cancel timers of its own: the check, when it comes and finds the deadline moved,
/// sets itself again for the new one.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: ConnectionLimits
    private let count: ConnectionCount
    /// How far ahead the check is set at most: the shortest limit.
    private let checkStep: TimeAmount
    private var started = false
    private var admitted = false
    /// When the connection is closed unless a later step moves it; `nil` while the service answers a request.
    private var deadline: NIODeadline?
    /// The check of ``deadline``, when one is set.
    private var check: Scheduled<Void>?

    init(limits: ConnectionLimits, count: ConnectionCount) {
        self.limits = limits
        self.count = count
        self.checkStep = TimeAmount(min(limits.headerTimeout, limits.bodyTimeout, limits.idleTimeout))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
        deadline = nil
        if admitted { count.release() }
        admitted = false
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard admitted else { return }  // a refused connection's requests go nowhere
        switch unwrapInboundIn(data) {
        case .head: closeUnlessDone(within: limits.bodyTimeout, context)
        case .end: deadline = nil
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { closeUnlessDone(within: limits.idleTimeout, context) }
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else { return context.fireUserInboundEventTriggered(event) }
        let loopBound = NIOLoopBound((context, event), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .init(limits.drainTime)) {
            let (context, event) = loopBound.value
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        admitted = count.admit(maximum: limits.maximumConnections)
        guard admitted else { return refuse(context) }
        closeUnlessDone(within: limits.headerTimeout, context)
    }

    /// Closes the connection after `limit` unless a later step replaces this deadline first.
    private func closeUnlessDone(within limit: Duration, _ context: ChannelHandlerContext) {
        let now = NIODeadline.now()
        deadline = now + TimeAmount(limit)
        if check == nil { setCheck(after: now, context) }
    }

    /// Sets the check for the deadline, or for one step from `now` if the deadline is further.
    private func setCheck(after now: NIODeadline, _ context: ChannelHandlerContext) {
        guard let deadline else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        check = context.eventLoop.scheduleTask(deadline: min(deadline, now + checkStep)) {
            let (guardHandler, context) = loopBound.value
            guardHandler.checkDeadline(context)
        }
    }

    /// Closes the connection when its deadline has passed; otherwise checks again when it may have.
    private func checkDeadline(_ context: ChannelHandlerContext) {
        check = nil
        let now = NIODeadline.now()
        guard let deadline else { return }
        if deadline <= now { return context.close(promise: nil) }
        setCheck(after: now, context)
    }

    /// Answers 503 before any request and closes.
    private func refuse(_ context: ChannelHandlerContext) {
        let body = Problem.tooManyConnections.encoded(language: .persian)
        let head = HTTPResponse(
            status: .serviceUnavailable,
            headerFields: [
                .contentType: "application/problem+json", .contentLanguage: "fa", .retryAfter: "1",
                .connection: "close", .contentLength: String(body.readableBytes),
            ]
        )
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
    }
}

extension TimeAmount {
    fileprivate init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
