package org.jobqueue.app.page;

/** The frame of every page: the title, the navigation with the lookup box, and the admin token box. */
final class Layout {
    private Layout() {}

    static String page(final String title, final String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · jobqueue</title>
                <link rel="stylesheet" href="/page.css">
                <script src="/page.js" defer></script>
                </head>
                <body>
                <header>
                <a class="brand" href="/">jobqueue</a>
                <form class="lookup" action="/jobs" method="get">
                <input id="lookup-id" name="id" placeholder="event id, sha1:&lt;hex&gt; or job key" size="38" required>
                <input id="lookup-database" name="database" placeholder="database (for sha1)" size="16">
                <button type="submit">Find job</button>
                </form>
                <form class="token" id="token-form">
                <input id="token" type="password" placeholder="admin token" autocomplete="off" size="16">
                <button type="submit" id="token-save">Use token</button>
                <span id="token-state" class="muted"></span>
                </form>
                </header>
                <main>
                <div id="message" class="message" hidden></div>
                %s
                </main>
                </body>
                </html>
                """.formatted(Html.escape(title), body);
    }
}
