import Hummingbird
import NIOCore
import PooyaIssuer

/// Registers the pages under `/pages`: their assets, the internet bank's activation page, and the payment page when
/// ``PageSettings/paymentEnabled``. They need no client key: each page's address is its own capability
/// (``PooyaIssuer/PageAddress``), and its forms post back to it, so another site cannot forge a post (it cannot know
/// the address).
func registerPages(on router: Router<PooyaRequestContext>, api: IssuerAPI, renderer: PageRenderer) {
    let pages = router.group("pages").add(middleware: PageErrorMiddleware(renderer: renderer))
    pages.get("assets/:name") { _, context in
        guard let file = PageAssets.files[try context.parameters.require("name")] else {
            throw IssuerError.pageNotFound
        }
        return Response(
            status: .ok,
            headers: renderer.headers(contentType: file.contentType),
            body: .init(byteBuffer: ByteBuffer(string: file.body))
        )
    }
    // Any other address under /pages is a page too: one that says it is not there, not the API's problem JSON (the
    // router does not fall back from a known prefix to the wildcard, so the prefixes are named).
    for path in ["**", "activation", "payment"] {
        pages.get(RouterPath(path)) { _, _ -> Response in throw IssuerError.pageNotFound }
    }
    ActivationPageRoutes(issuer: api.issuer, clock: api.clock, renderer: renderer).register(on: pages)
    if api.pages.paymentEnabled {
        PaymentPageRoutes(issuer: api.issuer, clock: api.clock, renderer: renderer, limiters: api.limiters)
            .register(on: pages)
    }
}
