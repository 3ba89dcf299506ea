package ru.vitrina.api.dashboards;

import ru.vitrina.dashboards.Dashboard;
import ru.vitrina.dashboards.DashboardCatalog;
import ru.vitrina.dashboards.Playlist;
import ru.vitrina.dashboards.PlaylistCatalog;
import ru.vitrina.engine.store.DataVersion;

import java.time.format.DateTimeFormatter;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code /}: the start page, in Russian with English beside it, written on the server so it works without
 * JavaScript: the screens, their wall-screen links, and the API an analyst or developer looks for next.
 */
final class IndexPage {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

    private final DashboardCatalog catalog;
    private final PlaylistCatalog playlists;

    IndexPage(DashboardCatalog catalog, PlaylistCatalog playlists) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.playlists = requireNonNull(playlists, "playlists");
    }

    String render(Optional<DataVersion> version) {
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
            html.append("Данные на ").append(SHOWN.format(version.get().publishedAt()))
                    .append(", версия ").append(version.get().version())
                    .append(" <span class=\"en\">data as of ").append(SHOWN.format(version.get().publishedAt()))
                    .append(", version ").append(version.get().version()).append("</span>");
        } else {
            html.append("Данных ещё нет <span class=\"en\">no data yet</span>");
        }
        html.append("</p>\n</header>\n<section>\n<h2>Экраны <span class=\"en\">Dashboards</span></h2>\n<ul class=\"screens\">\n");
        for (Dashboard dashboard : catalog.all()) {
            String id = Html.escape(dashboard.id());
            html.append("<li><a class=\"screen\" href=\"/d/").append(id).append("\">")
                    .append(Html.escape(dashboard.title().ru()))
                    .append(" <span class=\"en\">").append(Html.escape(dashboard.title().en())).append("</span></a>");
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
