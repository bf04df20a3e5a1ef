/// The pages' only style sheet and script, served by Pooya itself (`/pages/assets/…`): no asset from elsewhere. The
/// script only improves what the forms already do without it: countdowns, a re-send button enabled when a new code
/// may be asked, the card number checked (Luhn) and grouped as it is typed, and the WebOTP API filling the code in.
enum PageAssets {
    /// The files by name, with their content type.
    static let files: [String: (contentType: String, body: String)] = [
        "pages.css": ("text/css; charset=utf-8", css), "pages.js": ("text/javascript; charset=utf-8", script),
        "icon.svg": ("image/svg+xml", icon),
    ]

    private static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b5cad"/>\
        <path d="M5 7V5a3 3 0 0 1 6 0v2h1v7H4V7zm2 0h2V5a1 1 0 0 0-2 0z" fill="#fff"/></svg>
        """

    private static let css = """
        :root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --accent: #0b5cad; --error: #b42318; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: Vazirmatn, Tahoma, "Noto Sans Arabic", system-ui, sans-serif;
          color: var(--ink); background: #f4f6f8; line-height: 1.7; }
        header { display: flex; justify-content: space-between; align-items: center; padding: .75rem 1.25rem;
          background: var(--accent); color: #fff; }
        header a { color: #fff; }
        .brand { font-weight: bold; }
        main { max-width: 34rem; margin: 1.5rem auto; padding: 1.25rem 1.5rem; background: #fff;
          border-radius: .75rem; box-shadow: 0 1px 3px rgba(0, 0, 0, .12); }
        h1 { font-size: 1.35rem; margin-top: 0; }
        h2 { font-size: 1.1rem; }
        .digits { font-size: 1.8rem; letter-spacing: .2rem; font-family: ui-monospace, monospace; text-align: center; }
        .number { font-family: ui-monospace, monospace; unicode-bidi: isolate; }
        .qr { display: block; margin: .5rem auto; width: 264px; height: 264px; image-rendering: pixelated; }
        .note { color: var(--muted); font-size: .9rem; }
        .error { color: var(--error); font-weight: bold; }
        dl.payment { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        dt { color: var(--muted); }
        dd { margin: 0; font-weight: bold; }
        .toman { color: var(--muted); font-weight: normal; }
        label { display: block; margin-top: 1rem; }
        input { width: 100%; font-size: 1.2rem; padding: .5rem; border: 1px solid #8c959f; border-radius: .4rem;
          font-family: ui-monospace, monospace; }
        input:user-invalid { border-color: var(--error); }
        button, .button { display: inline-block; margin-top: .75rem; padding: .55rem 1.2rem; font: inherit;
          color: #fff; background: var(--accent); border: 0; border-radius: .4rem; cursor: pointer;
          text-decoration: none; }
        button:disabled { background: #8c959f; cursor: not-allowed; }
        .again-form button { background: #fff; color: var(--accent); border: 1px solid var(--accent); }
        .again-form button:disabled { color: #8c959f; border-color: #8c959f; }
        nav.console { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin-bottom: 1rem; }
        form.inline, .actions form { display: inline; }
        form.inline button { margin: 0; padding: .25rem .75rem; }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; }
        .notice { color: #1a7f37; font-weight: bold; }
        table { width: 100%; border-collapse: collapse; font-size: .9rem; margin: .5rem 0 1rem; }
        th, td { border-bottom: 1px solid #d0d7de; padding: .3rem .4rem; text-align: start; }
        code { font-family: ui-monospace, monospace; word-break: break-all; }
        fieldset { border: 1px solid #d0d7de; border-radius: .4rem; margin-top: 1rem; }
        label.inline { display: inline; margin: 0 .25rem; }
        input[type=checkbox] { width: auto; }
        select { font: inherit; padding: .4rem; }
        div.qr svg { display: block; margin: .5rem auto; width: 240px; height: 240px; }
        main:has(table) { max-width: 60rem; }

        """

    private static let script = """
        "use strict";
        (function () {
          var persian = document.documentElement.lang === "fa";
          function digits(text) {
            return persian ? String(text).replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[d]; }) : String(text);
          }
          function latin(text) {
            return String(text).replace(/[۰-۹]/g, function (d) { return d.charCodeAt(0) - 0x6F0; })
              .replace(/[٠-٩]/g, function (d) { return d.charCodeAt(0) - 0x660; });
          }
          function clock(seconds) {
            var h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
            var two = function (n) { return (n < 10 ? "0" : "") + n; };
            return digits((h > 0 ? h + ":" + two(m) : m) + ":" + two(s));
          }
          var start = Date.now();
          function left(element, name) {
            return Math.max(0, Number(element.getAttribute(name)) - Math.floor((Date.now() - start) / 1000));
          }
          function tick() {
            document.querySelectorAll("[data-seconds]").forEach(function (element) {
              element.textContent = clock(left(element, "data-seconds"));
            });
            document.querySelectorAll("[data-enable-after]").forEach(function (button) {
              var wait = left(button, "data-enable-after");
              button.disabled = wait > 0;
            });
          }
          function luhn(number) {
            var sum = 0;
            for (var i = 0; i < number.length; i++) {
              var d = Number(number[number.length - 1 - i]);
              if (i % 2 === 1) { d *= 2; if (d > 9) { d -= 9; } }
              sum += d;
            }
            return number.length === 16 && sum % 10 === 0;
          }
          document.addEventListener("DOMContentLoaded", function () {
            tick();
            setInterval(tick, 1000);
            var pan = document.getElementById("pan");
            if (pan) {
              pan.addEventListener("input", function () {
                var number = latin(pan.value).replace(/[^0-9]/g, "");
                pan.setCustomValidity(number.length < 16 || luhn(number) ? "" :
                  (persian ? "شمارهٔ کارت درست نیست" : "This card number is not valid"));
              });
            }
            var code = document.getElementById("code");
            if (code && "OTPCredential" in window) {
              var abort = new AbortController();
              code.form.addEventListener("submit", function () { abort.abort(); });
              navigator.credentials.get({ otp: { transport: ["sms"] }, signal: abort.signal }).then(function (otp) {
                if (otp && otp.code) { code.value = otp.code; code.form.submit(); }
              }).catch(function () {});
            }
          });
        })();

        """
}
