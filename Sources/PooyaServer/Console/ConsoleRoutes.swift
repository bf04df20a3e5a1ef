import Hummingbird
import PooyaIssuer

/// Registers the console under `/admin`: sign-in, and each role's pages. Errors become pages, as the other pages'.
func registerConsole(
    on router: Router<PooyaRequestContext>,
    api: IssuerAPI,
    keys: ClientKeys,
    accounts: StaffAccounts,
    renderer: PageRenderer
) {
    let admin = router.group("admin").add(middleware: PageErrorMiddleware(renderer: renderer))
    // Any other console address is a page that says it is not there, not the API's problem JSON.
    admin.get("**") { _, _ -> Response in throw IssuerError.pageNotFound }
    let console = Console(
        issuer: api.issuer,
        accounts: accounts,
        keys: keys,
        clock: api.clock,
        isReady: api.isReady,
        renderer: renderer
    )
    ConsoleSignInRoutes(console: console).register(on: admin)
    ConsoleCardRoutes(console: console).register(on: admin)
    ConsoleAuditRoutes(console: console).register(on: admin)
    ConsoleOperatorRoutes(console: console).register(on: admin)
}
