package ru.vitrina.api.dashboards;

import ru.vitrina.cubes.model.LocalizedText;
import ru.vitrina.dashboards.Dashboard;
import ru.vitrina.dashboards.DashboardCatalog;
import ru.vitrina.dashboards.Playlist;
import ru.vitrina.dashboards.PlaylistCatalog;
import ru.vitrina.engine.store.DataVersion;

import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * {@code /}: the start page, in Russian with English beside it, written on the server so it works without
 * JavaScript: the screens, their wall-screen links, and the API an analyst or developer looks for next. The time of
 * the data is written with the server's offset and rewritten by {@code web/js/index.js} in the browser's own time
 * zone, by the same code the screens use for theirs.
 */
final class IndexPage {
    /** Without JavaScript: the server's time, saying which offset it is in. */
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm 'UTC'xxx");

    private final DashboardCatalog catalog;
    private final PlaylistCatalog playlists;

    IndexPage(DashboardCatalog catalog, PlaylistCatalog playlists) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.playlists = requireNonNull(playlists, "playlists");
    }

    /** @param titles each screen's title as the reader of the page sees it (see DashboardRoutes' titles) */
    String render(Optional<DataVersion> version, Function<Dashboard, LocalizedText> titles) {
        StringBuilder html = new StringBuilder(4096);
        html.append("""
                <!doctype html>
                <html lang="ru">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Витрина — аналитический сервер / Vitrina</title>
                <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
                <link rel="stylesheet" href="/assets/css/vitrina.css">
                <script type="module" src="/assets/js/index.js"></script>
                </head>
                <body class="index theme-dark">
                <main class="index-page">
                <header>
                <h1>Витрина <span class="en">Vitrina</span></h1>
                <p>Аналитический сервер и ситуационный центр Томской области.
                <span class="en">Analytics server and situational centre of Tomsk Oblast.</span></p>
                """);
        html.append("<p class=\"version\">");
        if (version.isPresent()) {
            // As the screens receive it (DataVersionEvents.payload): the instant with its offset.
            String published = DataVersionEvents.payload(version.get()).get("publishedAt").toString();
            String shown = SHOWN.format(version.get().publishedInstant());
            html.append("Данные на <time class=\"published\" datetime=\"").append(published).append("\">").append(shown)
                    .append("</time>, версия ").append(version.get().version())
                    .append(" <span class=\"en\" lang=\"en\">data as of <time class=\"published\" datetime=\"").append(published)
                    .append("\">").append(shown).append("</time>, version ").append(version.get().version()).append("</span>");
        } else {
            html.append("Данных ещё нет <span class=\"en\">no data yet</span>");
        }
        html.append("</p>\n</header>\n<section>\n<h2>Экраны <span class=\"en\">Dashboards</span></h2>\n<ul class=\"screens\">\n");
        for (Dashboard dashboard : catalog.all()) {
            String id = Html.escape(dashboard.id());
            LocalizedText title = titles.apply(dashboard);
            html.append("<li><a class=\"screen\" href=\"/d/").append(id).append("\">")
                    .append(Html.escape(title.ru()))
                    .append(" <span class=\"en\">").append(Html.escape(title.en())).append("</span></a>");
            if (dashboard.description() != null) {
                html.append("<p>").append(Html.escape(dashboard.description().ru())).append("</p>");
            }
            html.append("<a class=\"wall\" href=\"/wall/").append(id).append("\">на видеостену <span class=\"en\">wall screen</span></a></li>\n");
        }
        html.append("</ul>\n");
        if (!playlists.all().isEmpty()) {
            html.append("<h2>Видеостена по кругу <span class=\"en\">Wall playlists</span></h2>\n<ul class=\"links\">\n");
            for (Playlist playlist : playlists.all()) {
                html.append("<li><a href=\"/wall/").append(Html.escape(playlist.slides().get(0).dashboard()))
                        .append("?playlist=").append(Html.escape(playlist.name())).append("&amp;slide=0\">")
                        .append(Html.escape(playlist.title().ru())).append("</a> <span class=\"en\">")
                        .append(Html.escape(playlist.title().en())).append("</span> — ")
                        .append(playlist.slides().size()).append(" экранов / screens</li>\n");
            }
            html.append("</ul>\n");
        }
        html.append("""
                </section>
                <section>
                <h2>Для аналитиков и разработчиков <span class="en">For analysts and developers</span></h2>
                <ul class="links">
                <li><a href="/api/v1/meta">/api/v1/meta</a> — кубы, меры, измерения, иерархии <span class="en">cubes, measures, dimensions, hierarchies</span></li>
                <li><code>POST /api/v1/load</code> — запрос к кубу в формате Cube <span class="en">a cube query in Cube's format</span></li>
                <li><a href="/api/v1/dashboards">/api/v1/dashboards</a> — описания экранов <span class="en">dashboard definitions</span></li>
                <li><a href="/api/v1/events">/api/v1/events</a> — события о новых данных (SSE) <span class="en">new-data events (SSE)</span></li>
                <li><a href="/geo/tomsk.geojson">/geo/tomsk.geojson</a> — границы муниципальных образований <span class="en">municipal boundaries</span>, © участники OpenStreetMap (ODbL)</li>
                <li><a href="/health">/health</a> — состояние сервера <span class="en">server health</span></li>
                </ul>
                </section>
                </main>
                </body>
                </html>
                """);
        return html.toString();
    }
}
