/// The console's Mustache templates, inside the pages' layout (``PageTemplates``). Every form that changes anything
/// carries the session's anti-forgery token (`csrf`); the sign-in's carries its own. Every link and form keeps the
/// page's language (`q`: `?lang=en` on an English page, nothing on a Persian one).
enum ConsoleTemplates {
    /// Every template by name.
    static let all: [String: String] = [
        "consoleNav": nav, "signIn": signIn, "signInCode": signInCode, "consoleHome": home, "findCard": findCard,
        "card": card, "audit": audit, "keys": keys, "keyMade": keyMade, "outbox": outbox, "health": health,
        "consoleMessage": message,
    ]

    private static let nav = """
        <nav class="console" aria-label="{{t.console}}"><a href="/admin{{q}}">{{t.home}}</a>
        {{#isHelpdesk}}<a href="/admin/cards{{q}}">{{t.findCard}}</a>{{/isHelpdesk}}
        {{#isAuditor}}<a href="/admin/audit{{q}}">{{t.audit}}</a>{{/isAuditor}}
        {{#isOperator}}<a href="/admin/keys{{q}}">{{t.keys}}</a> <a href="/admin/sms{{q}}">{{t.outbox}}</a> \
        <a href="/admin/health{{q}}">{{t.health}}</a>{{/isOperator}}
        <form method="post" action="/admin/sign-out{{q}}" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">\
        <button type="submit" id="sign-out">{{t.signOut}} ({{member}})</button></form></nav>
        {{#notice}}<p class="notice" role="status" id="notice">{{notice}}</p>{{/notice}}
        {{#message}}<p class="error" role="alert" id="message">{{message}}</p>{{/message}}

        """

    private static let signIn = """
        {{#message}}<p class="error" role="alert" id="message">{{message}}</p>{{/message}}
        <form method="post" action="/admin/sign-in{{q}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="name">{{t.name}}</label>
        <input id="name" name="name" autocomplete="username" required dir="ltr">
        <label for="password">{{t.password}}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required dir="ltr">
        <button type="submit" id="sign-in">{{t.signIn}}</button>
        </form>

        """

    private static let signInCode = """
        {{#message}}<p class="error" role="alert" id="message">{{message}}</p>{{/message}}
        {{#enrollment}}<p>{{t.enrollHelp}}</p>
        <div class="qr" id="enrollment-qr">{{{qrSVG}}}</div>
        <p>{{t.secret}}: <code dir="ltr" id="totp-secret">{{secret}}</code></p>{{/enrollment}}
        {{^enrollment}}<p>{{t.codeHelp}}</p>{{/enrollment}}
        <form method="post" action="/admin/sign-in/code{{q}}">
        <input type="hidden" name="ticket" value="{{ticket}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="code">{{t.totpCode}}</label>
        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required dir="ltr" maxlength="12">
        <button type="submit" id="continue">{{t.continue}}</button>
        </form>

        """

    private static let home = """
        {{> consoleNav}}
        <p>{{t.role}}: {{roleName}}</p>

        """

    private static let findCard = """
        {{> consoleNav}}
        <form method="post" action="/admin/cards/find{{q}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="pan">{{t.cardNumber}}</label>
        <input id="pan" name="pan" inputmode="numeric" autocomplete="off" dir="ltr">
        <p>{{t.orByMobile}}</p>
        <label for="mobile">{{t.mobile}}</label>
        <input id="mobile" name="mobile" inputmode="tel" autocomplete="off" dir="ltr">
        <label for="last-four">{{t.lastFour}}</label>
        <input id="last-four" name="lastFour" inputmode="numeric" autocomplete="off" dir="ltr" maxlength="4">
        <button type="submit" id="find">{{t.find}}</button>
        </form>
        {{#found.0}}<ul>{{#found}}<li><a href="/admin/cards/{{id}}{{q}}">{{maskedPAN}}</a></li>{{/found}}</ul>{{/found.0}}

        """

    private static let card = """
        {{> consoleNav}}
        <dl class="payment" id="card-state">
        <dt>{{t.cardTitle}}</dt><dd><span dir="ltr" class="number">{{maskedPAN}}</span></dd>
        <dt>{{t.bank}}</dt><dd>{{bank}}</dd>
        <dt>{{t.registeredMobile}}</dt><dd><span dir="ltr" class="number">{{mobile}}</span></dd>
        <dt>{{t.lock}} ({{t.secondPin}})</dt><dd id="second-lock">{{secondLock}}</dd>
        <dt>{{t.lock}} ({{t.firstPin}})</dt><dd>{{firstLock}}</dd>
        <dt>{{t.staticPin}}</dt><dd>{{staticPIN}}</dd>
        <dt>{{t.smsActivated}}</dt><dd>{{smsActivated}}</dd>
        <dt>{{t.suspended}}</dt><dd>{{suspended}}</dd>
        <dt>{{t.blocked}}</dt><dd>{{blocked}}</dd>
        </dl>
        <h2>{{t.tokens}}</h2>
        <table><thead><tr><th>{{t.kind}}</th><th>{{t.since}}</th></tr></thead><tbody>
        {{#tokens}}<tr><td>{{kind}}</td><td>{{since}}</td></tr>{{/tokens}}
        </tbody></table>
        <h2>{{t.openActivations}}</h2>
        <table><thead><tr><th>{{t.serial}}</th><th>{{t.kind}}</th><th>{{t.channel}}</th><th>{{t.until}}</th></tr>
        </thead><tbody>
        {{#activations}}<tr><td dir="ltr">{{serial}}</td><td>{{kind}}</td><td>{{channel}}</td><td>{{until}}</td></tr>\
        {{/activations}}
        </tbody></table>
        <div class="actions">
        <form method="post" action="/admin/cards/{{cardID}}/unlock{{q}}"><input type="hidden" name="csrf" value="{{csrf}}">\
        <button type="submit" id="unlock">{{t.unlock}}</button></form>
        <form method="post" action="/admin/cards/{{cardID}}/suspend{{q}}"><input type="hidden" name="csrf" value="{{csrf}}">\
        <button type="submit" id="suspend">{{t.suspend}}</button></form>
        <form method="post" action="/admin/cards/{{cardID}}/resend{{q}}"><input type="hidden" name="csrf" value="{{csrf}}">\
        <button type="submit" id="resend">{{t.resend}}</button></form>
        </div>
        <h2>{{t.decisions}}</h2>
        <table id="decisions"><thead><tr><th>{{t.time}}</th><th>{{t.action}}</th><th>{{t.kind}}</th>\
        <th>{{t.reason}}</th><th>{{t.actor}}</th></tr></thead><tbody>
        {{#events}}<tr><td>{{time}}</td><td>{{action}}</td><td>{{kind}}</td><td dir="ltr">{{reason}}</td>\
        <td dir="ltr">{{actor}}</td></tr>{{/events}}
        </tbody></table>
        <h2>{{t.sms}}</h2>
        <table id="sms"><thead><tr><th>{{t.time}}</th><th>{{t.purpose}}</th><th>{{t.status}}</th><th>{{t.tries}}</th>\
        <th>{{t.delivery}}</th></tr></thead><tbody>
        {{#messages}}<tr><td>{{time}}</td><td>{{purpose}}</td><td>{{status}}</td><td>{{tries}}</td>\
        <td>{{delivery}}</td></tr>{{/messages}}
        </tbody></table>

        """

    private static let audit = """
        {{> consoleNav}}
        <form method="get" action="/admin/audit">
        {{#english}}<input type="hidden" name="lang" value="en">{{/english}}
        <label for="card-id">{{t.cardId}}</label>
        <input id="card-id" name="card" value="{{card}}" dir="ltr" autocomplete="off">
        <label for="audit-action">{{t.action}}</label>
        <select id="audit-action" name="action"><option value="">{{t.all}}</option>\
        {{#actions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/actions}}</select>
        <label for="from">{{t.from}}</label>
        <input id="from" name="from" value="{{from}}" placeholder="{{t.datePlaceholder}}" dir="ltr" autocomplete="off">
        <label for="to">{{t.to}}</label>
        <input id="to" name="to" value="{{to}}" placeholder="{{t.datePlaceholder}}" dir="ltr" autocomplete="off">
        <button type="submit" id="filter">{{t.filter}}</button>
        </form>
        <p><a href="/admin/audit/verify{{q}}" id="verify-chain">{{t.verifyChain}}</a></p>
        <table id="audit"><thead><tr><th>{{t.time}}</th><th>{{t.action}}</th><th>{{t.kind}}</th>\
        <th>{{t.channel}}</th><th>{{t.reason}}</th><th>{{t.actor}}</th></tr></thead><tbody>
        {{#entries}}<tr><td>{{time}}</td><td dir="ltr">{{action}}</td><td>{{kind}}</td><td>{{channel}}</td>\
        <td dir="ltr">{{reason}}</td><td dir="ltr">{{actor}}</td></tr>{{/entries}}
        </tbody></table>

        """

    private static let keys = """
        {{> consoleNav}}
        <table id="keys"><thead><tr><th>{{t.keyName}}</th><th>id</th><th>{{t.scopes}}</th><th>{{t.created}}</th>\
        <th>{{t.revoked}}</th><th></th></tr></thead><tbody>
        {{#keys}}<tr><td>{{name}}</td><td dir="ltr">{{id}}</td><td dir="ltr">{{scopes}}</td><td>{{created}}</td>\
        <td>{{revoked}}</td><td>{{^revoked}}<form method="post" action="/admin/keys/{{id}}/revoke{{q}}">\
        <input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{t.revoke}}</button></form>\
        {{/revoked}}</td></tr>{{/keys}}
        </tbody></table>
        <h2>{{t.createKey}}</h2>
        <form method="post" action="/admin/keys{{q}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="key-name">{{t.keyName}}</label>
        <input id="key-name" name="name" required dir="ltr" autocomplete="off">
        <fieldset><legend>{{t.scopes}}</legend>
        {{#scopes}}<input type="checkbox" name="scope" value="{{.}}" id="scope-{{.}}">\
        <label for="scope-{{.}}" class="inline">{{.}}</label> {{/scopes}}
        </fieldset>
        <button type="submit" id="create-key">{{t.createKey}}</button>
        </form>

        """

    private static let keyMade = """
        {{> consoleNav}}
        <p>{{t.keyShownOnce}}</p>
        <p><code dir="ltr" id="new-key">{{secret}}</code></p>
        <p><a href="/admin/keys{{q}}">{{t.keys}}</a></p>

        """

    private static let outbox = """
        {{> consoleNav}}
        <p id="counts">{{#counts}}{{status}}: {{count}} {{/counts}}</p>
        <table id="sms"><thead><tr><th>{{t.time}}</th><th>id</th><th>{{t.mobile}}</th><th>{{t.purpose}}</th>\
        <th>{{t.status}}</th><th>{{t.tries}}</th><th>{{t.delivery}}</th></tr></thead><tbody>
        {{#messages}}<tr><td>{{time}}</td><td dir="ltr">{{id}}</td><td dir="ltr">{{to}}</td><td>{{purpose}}</td>\
        <td>{{status}}</td><td>{{tries}}</td><td>{{delivery}}</td></tr>{{/messages}}
        </tbody></table>

        """

    private static let health = """
        {{> consoleNav}}
        <dl class="payment" id="health">
        <dt>{{t.database}}</dt><dd>{{database}}</dd>
        <dt>{{t.outbox}}</dt><dd>{{#counts}}{{status}}: {{count}} {{/counts}}</dd>
        </dl>
        <h2>{{t.chains}}</h2>
        <table><thead><tr><th>#</th><th>{{t.head}}</th></tr></thead><tbody>
        {{#heads}}<tr><td>{{chain}}</td><td>{{sequence}}</td></tr>{{/heads}}
        </tbody></table>

        """

    private static let message = """
        {{> consoleNav}}
        {{#text}}<p id="result">{{text}}</p>{{/text}}

        """
}
