/// The pages' Mustache templates (`{{name}}` is HTML-escaped; only `layout`'s `{{{body}}}`, the page rendered by
/// Pooya itself, is not). No inline script or style: the Content-Security-Policy (``PageResponse``) forbids both.
enum PageTemplates {
    /// Every template by name.
    static let all: [String: String] = [
        "layout": layout, "activation": activation, "payment": payment, "message": message,
    ]

    private static let layout = """
        <!doctype html>
        <html lang="{{lang}}" dir="{{dir}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · {{t.brand}}</title>
        <link rel="icon" href="/pages/assets/icon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/pages/assets/pages.css">
        <script src="/pages/assets/pages.js" defer></script>
        </head>
        <body>
        <header><span class="brand">{{t.brand}}</span>{{#languageLink}} <a class="language" href="{{languageLink}}" \
        lang="{{t.otherLanguageCode}}" hreflang="{{t.otherLanguageCode}}">{{t.otherLanguage}}</a>{{/languageLink}}\
        </header>
        <main>
        <h1>{{title}}</h1>
        {{{body}}}
        </main>
        </body>
        </html>

        """

    private static let activation = """
        <p class="card">{{bank}} · {{t.card}} <span class="number" dir="ltr">{{maskedPAN}}</span></p>
        <section class="part">
        <h2>{{t.screenPart}}</h2>
        <p class="digits" dir="ltr" id="screen-part">{{screenPart}}</p>
        <img class="qr" src="{{qrURL}}" alt="{{t.qrAlt}}" width="264" height="264">
        <p>{{t.qrHelp}}</p>
        </section>
        <p>{{t.smsSentTo}} <span class="number" dir="ltr">{{sentTo}}</span></p>
        <p>{{t.activationExpires}} <time datetime="{{activationExpiresISO}}">{{activationExpires}}</time></p>
        <p>{{t.remaining}} <span class="countdown" data-seconds="{{secondsLeft}}">{{remaining}}</span></p>
        <p class="note">{{t.pageExpires}} <time datetime="{{pageExpiresISO}}">{{pageExpires}}</time></p>
        <section class="without-app">
        <h2>{{t.withoutApp}}</h2>
        <p>{{t.withoutAppHelp}}</p>
        {{#message}}<p class="error" role="alert">{{message}}</p>{{/message}}
        <form method="post" action="{{confirmURL}}">
        <label for="sms-part">{{t.smsPartLabel}}</label>
        <input id="sms-part" name="smsPart" inputmode="numeric" autocomplete="off" required dir="ltr">
        <button type="submit">{{t.confirm}}</button>
        </form>
        </section>

        """

    private static let payment = """
        <dl class="payment">
        <dt>{{t.merchant}}</dt><dd id="merchant">{{merchantName}}</dd>
        <dt>{{t.amount}}</dt><dd id="amount">{{amountRials}} <span class="toman">({{amountToman}})</span></dd>
        </dl>
        {{#message}}<p class="error" role="alert" id="message">{{message}}</p>{{/message}}
        {{^card}}
        <form method="post" action="{{codeURL}}" class="card-form" data-luhn="pan">
        <label for="pan">{{t.panLabel}}</label>
        <input id="pan" name="pan" inputmode="numeric" autocomplete="cc-number" required dir="ltr" maxlength="23">
        <button type="submit" id="request-code">{{t.requestCode}}</button>
        </form>
        {{/card}}
        {{#card}}
        <p>{{t.card}} <span class="number" dir="ltr" id="masked-pan">{{maskedPAN}}</span></p>
        {{#sentTo}}<p>{{t.codeSentTo}} <span class="number" dir="ltr">{{sentTo}}</span></p>
        <p>{{t.codeValid}} <span class="countdown" data-seconds="{{secondsLeft}}">{{remaining}}</span></p>{{/sentTo}}
        <form method="post" action="{{verifyURL}}" class="code-form">
        <input type="hidden" name="card" value="{{cardAddress}}">
        <label for="code">{{t.codeLabel}}</label>
        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required dir="ltr" \
        maxlength="16">
        <button type="submit" id="pay">{{t.pay}}</button>
        </form>
        <form method="post" action="{{codeURL}}" class="again-form">
        <input type="hidden" name="card" value="{{cardAddress}}">
        <button type="submit" id="request-again" data-enable-after="{{secondsLeft}}">{{t.requestAgain}}</button>
        </form>
        {{/card}}
        <p><a href="{{cancelURL}}" id="cancel">{{t.cancel}}</a></p>

        """

    private static let message = """
        {{#text}}<p id="message">{{text}}</p>{{/text}}
        {{#link}}<p><a href="{{link}}" id="continue" class="button">{{linkText}}</a></p>{{/link}}

        """
}
