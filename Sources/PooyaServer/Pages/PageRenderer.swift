import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// Renders the pages (``PageTemplates``) into responses with the headers every page carries: a strict
/// Content-Security-Policy (scripts, styles and images from the service alone, no inline script, forms posted to the
/// service alone, frames only by ``PageSettings/frameAncestors``), `no-store` (a page may show an activation part),
/// and no `Referer` sent on (a page's address is a capability).
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let settings: PageSettings

    /// The renderer of the templates under `settings`.
    ///
    /// - Throws: when a template does not parse (they are constants: a test renders each).
    init(settings: PageSettings) throws {
        var library = MustacheLibrary()
        for (name, text) in PageTemplates.all.merging(ConsoleTemplates.all, uniquingKeysWith: { page, _ in page }) {
            try library.register(text, named: name)
        }
        self.library = library
        self.settings = settings
    }

    /// `template` rendered with `values` inside the layout, titled `title`, in `language`; a link to the same page in
    /// the other language when `languageLink` names its path.
    func page(
        _ template: String,
        title: String,
        values: [String: Any],
        language: Language,
        status: HTTPResponse.Status = .ok,
        languageLink: String? = nil
    ) -> Response {
        let strings = PageText.strings(language).merging(ConsoleText.strings(language)) { page, _ in page }
        var values = values
        values["t"] = strings
        var layout: [String: Any] = [
            "lang": language.code, "dir": language.direction, "title": title, "t": strings,
            "body": library.render(values, withTemplate: template) ?? "",
        ]
        if let languageLink { layout["languageLink"] = languageLink + "?lang=" + (strings["otherLanguageCode"] ?? "") }
        let html = library.render(layout, withTemplate: "layout") ?? ""
        return Response(
            status: status,
            headers: headers(contentType: "text/html; charset=utf-8"),
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }

    /// A page that says one thing, with a link onward when there is one.
    func message(
        title: String,
        text: String?,
        link: (url: String, text: String)? = nil,
        language: Language,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var values: [String: Any] = [:]
        if let text { values["text"] = text }
        if let link {
            values["link"] = link.url
            values["linkText"] = link.text
        }
        return page("message", title: title, values: values, language: language, status: status)
    }

    /// The headers of a page or of one of its images and assets.
    func headers(contentType: String) -> HTTPFields {
        let ancestors = settings.frameAncestors.isEmpty ? "'none'" : settings.frameAncestors.joined(separator: " ")
        var headers: HTTPFields = [
            .contentType: contentType,
            .cacheControl: "no-store",
            .contentSecurityPolicy:
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                + "form-action 'self'; base-uri 'none'; frame-ancestors \(ancestors)",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        ]
        if settings.frameAncestors.isEmpty { headers[HTTPField.Name("X-Frame-Options")!] = "DENY" }
        return headers
    }
}
