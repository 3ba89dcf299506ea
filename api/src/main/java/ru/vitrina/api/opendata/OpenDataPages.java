package ru.vitrina.api.opendata;

import ru.vitrina.opendata.dataset.Catalogue;
import ru.vitrina.opendata.dataset.DataSet;
import ru.vitrina.opendata.publish.PublishedVersion;
import ru.vitrina.opendata.v3.Passport;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

/**
 * The public pages of the «Открытые данные» section: the catalogue (registry, number of sets, search, terms of use,
 * how to ask for a new set) and the passport of a set — the 18 rows of the recommendations v3.0, marked up with
 * RDFa (dc:, foaf:). Static HTML with one stylesheet from the jar: no scripts, inline or otherwise.
 */
final class OpenDataPages {
    static final String STYLESHEET = "/opendata/assets/opendata.css";

    String catalogue(Catalogue catalogue, Map<String, List<PublishedVersion>> versions, String query) {
        String wanted = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        StringBuilder rows = new StringBuilder();
        int shown = 0;
        for (DataSet set : catalogue.dataSets()) {
            String text = (set.identifier() + " " + set.title().ru() + " " + set.title().en() + " " + set.description().ru() + " "
                    + String.join(" ", set.keywords())).toLowerCase(Locale.ROOT);
            if (!wanted.isEmpty() && !text.contains(wanted)) {
                continue;
            }
            shown++;
            List<PublishedVersion> list = versions.getOrDefault(set.identifier(), List.of());
            String modified = list.isEmpty() ? "—" : list.get(0).dataDate().toString();
            rows.append("<tr><td><a href=\"/opendata/").append(e(set.identifier())).append("/\">").append(e(set.title().ru()))
                    .append("</a><div class=\"en\">").append(e(set.title().en())).append("</div></td><td><code>")
                    .append(e(set.identifier())).append("</code></td><td>").append(e(set.periodicity().ru())).append("</td><td>")
                    .append(modified).append("</td><td>").append(list.size()).append("</td></tr>\n");
        }
        DataSet any = catalogue.dataSets().get(0);
        return page("Открытые данные — " + catalogue.organizationTitle().ru(), ""
                + "<h1>Открытые данные <span class=\"en\">Open data</span></h1>\n"
                + "<p>" + e(catalogue.organizationTitle().ru()) + " (ИНН " + e(catalogue.ownerInn()) + "). Наборов данных: <strong>"
                + catalogue.dataSets().size() + "</strong>. <span class=\"en\">Data sets: " + catalogue.dataSets().size() + ".</span></p>\n"
                + "<form method=\"get\" action=\"/opendata/\" role=\"search\"><label>Поиск / Search <input type=\"search\" name=\"q\" value=\""
                + e(query == null ? "" : query) + "\"></label> <button type=\"submit\">Найти</button></form>\n"
                + "<table class=\"registry\"><thead><tr><th>Наименование / Title</th><th>Идентификатор / Identifier</th>"
                + "<th>Периодичность / Periodicity</th><th>Последнее изменение / Modified</th><th>Версий / Versions</th></tr></thead>\n<tbody>\n"
                + rows + "</tbody></table>\n"
                + (shown == 0 ? "<p>Ничего не найдено / nothing found.</p>\n" : "")
                + "<p>Реестр наборов / registry: <a href=\"/opendata/list.csv\">list.csv</a>, <a href=\"/opendata/list.xml\">list.xml</a>, <a href=\"/opendata/list.json\">list.json</a>. "
                + "API CKAN: <a href=\"/api/3/action/package_list\">/api/3/action/package_list</a>.</p>\n"
                + "<h2>Условия использования <span class=\"en\">Terms of use</span></h2>\n"
                + "<p>" + e(any.licence().title()) + ". <a href=\"" + e(any.licence().url()) + "\">Текст лицензии / licence</a>.</p>\n"
                + "<h2>Предложить новый набор <span class=\"en\">Ask for a new data set</span></h2>\n"
                + "<p>Напишите ответственному лицу: <a href=\"mailto:" + e(any.publisher().mbox()) + "?subject="
                + e("Предложение набора открытых данных") + "\">" + e(any.publisher().mbox()) + "</a>, тел. " + e(any.publisher().phone()) + ".</p>\n");
    }

    String passport(Passport passport) {
        DataSet set = passport.dataSet();
        String id = e(set.identifier());
        StringBuilder versions = new StringBuilder();
        for (PublishedVersion version : passport.versions()) {
            String base = "/opendata/" + id + "/" + version.baseName();
            versions.append("<li><a rel=\"dc:hasVersion\" href=\"").append(base).append(".csv\">").append(version.baseName()).append(".csv</a> (")
                    .append(version.rows()).append(" строк / rows; ").append(e(version.provenance())).append(") — также / also ")
                    .append("<a href=\"").append(base).append(".json\">JSON</a>, <a href=\"").append(base).append(".xlsx\">XLSX</a>, ")
                    .append("<a href=\"").append(base).append(".parquet\">Parquet</a></li>\n");
        }
        StringBuilder structures = new StringBuilder();
        for (PublishedVersion version : passport.structures()) {
            structures.append("<li><a href=\"/opendata/").append(id).append('/').append(version.structureFileName()).append("\">")
                    .append(version.structureFileName()).append("</a></li>\n");
        }
        String latest = passport.versions().isEmpty() ? "—"
                : "<a href=\"/opendata/" + id + "/" + passport.versions().get(0).baseName() + ".csv\">" + passport.versions().get(0).baseName() + ".csv</a>";
        String latestStructure = passport.versions().isEmpty() ? "—"
                : "<a href=\"/opendata/" + id + "/" + passport.versions().get(0).structureFileName() + "\">" + passport.versions().get(0).structureFileName() + "</a>";
        StringBuilder table = new StringBuilder();
        int n = 0;
        table.append(row(++n, "Идентификационный номер", "Identifier", "<span property=\"dc:identifier\">" + id + "</span>"));
        table.append(row(++n, "Наименование", "Title", "<span property=\"dc:title\">" + e(set.title().ru()) + "</span>"));
        table.append(row(++n, "Описание", "Description", "<span property=\"dc:description\">" + e(set.description().ru()) + "</span>"));
        table.append(row(++n, "Владелец", "Owner", "<span property=\"dc:creator\">" + e(set.creator().ru()) + "</span>"));
        table.append(row(++n, "Ответственное лицо", "Responsible person",
                "<span rel=\"dc:publisher\" resource=\"#publisher\"></span><span about=\"#publisher\" typeof=\"foaf:Person\" property=\"foaf:name\">"
                        + e(set.publisher().name()) + "</span>"));
        table.append(row(++n, "Телефон ответственного лица", "Phone", "<span about=\"#publisher\" property=\"foaf:phone\">" + e(set.publisher().phone()) + "</span>"));
        table.append(row(++n, "Адрес электронной почты ответственного лица", "E-mail",
                "<a about=\"#publisher\" rel=\"foaf:mbox\" href=\"mailto:" + e(set.publisher().mbox()) + "\">" + e(set.publisher().mbox()) + "</a>"));
        table.append(row(++n, "Гиперссылка (URL) на набор", "Link to the data", latest));
        table.append(row(++n, "Формат данных", "Format", "<span property=\"dc:format\">CSV</span>"));
        table.append(row(++n, "Описание структуры набора данных", "Structure", latestStructure));
        table.append(row(++n, "Дата первой публикации набора данных", "First published", "<span property=\"dc:created\">" + passport.created() + "</span>"));
        table.append(row(++n, "Дата последнего внесения изменений", "Last modified", "<span property=\"dc:modified\">" + passport.modified() + "</span>"));
        table.append(row(++n, "Содержание последнего изменения", "Last change", "<span property=\"dc:provenance\">" + e(passport.provenance()) + "</span>"));
        table.append(row(++n, "Дата актуальности набора данных", "Valid until", "<span property=\"dc:valid\">" + passport.valid() + "</span>"));
        table.append(row(++n, "Ключевые слова, соответствующие содержанию набора данных", "Keywords",
                "<span property=\"dc:subject\">" + e(passport.subject()) + "</span>"));
        table.append(row(++n, "Гиперссылки (URL) на версии набора данных", "Versions", "<ul>" + versions + "</ul>"));
        table.append(row(++n, "Гиперссылки (URL) на версии структуры набора данных", "Structure versions", "<ul>" + structures + "</ul>"));
        table.append(row(++n, "Версия методических рекомендаций", "Methodical recommendations",
                "<span rel=\"dc:conformsTo\" resource=\"" + Passport.STANDARD + "\">3.0</span>"));
        return page(set.title().ru(), ""
                + "<p><a href=\"/opendata/\">← Открытые данные / Open data</a></p>\n"
                + "<h1>" + e(set.title().ru()) + " <span class=\"en\">" + e(set.title().en()) + "</span></h1>\n"
                + "<div about=\"" + id + "\" typeof=\"foaf:Document\">\n<table class=\"passport\"><thead><tr><th>№</th><th>Характеристика / Property</th>"
                + "<th>Значение / Value</th></tr></thead>\n<tbody>\n" + table + "</tbody></table>\n</div>\n"
                + "<p>Паспорт / passport: <a href=\"/opendata/" + id + "/meta.csv\">meta.csv</a>, <a href=\"/opendata/" + id
                + "/meta.json\">meta.json</a>, <a href=\"/opendata/" + id + "/meta.xml\">meta.xml</a>; Frictionless: <a href=\"/opendata/" + id
                + "/datapackage.json\">datapackage.json</a>; CKAN: <a href=\"/api/3/action/package_show?id=" + e(set.name()) + "\">package_show</a>.</p>\n"
                + "<p>Источник данных / source: <span property=\"dc:source\">" + source(set) + "</span>.</p>\n"
                + "<p>Периодичность / periodicity: " + e(set.periodicity().ru()) + ". Условия использования / terms: " + e(set.licence().title())
                + " (<a href=\"" + e(set.licence().url()) + "\">" + e(set.licence().id()) + "</a>).</p>\n");
    }

    private static String source(DataSet set) {
        String title = e(set.source().title().ru());
        return set.source().link().map(url -> "<a href=\"" + e(url) + "\">" + title + "</a>").orElse(title);
    }

    private static String row(int number, String ru, String en, String value) {
        return "<tr><td>" + number + "</td><td>" + ru + "<div class=\"en\">" + en + "</div></td><td>" + value + "</td></tr>\n";
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"ru\" prefix=\"dc: http://purl.org/dc/terms/ foaf: http://xmlns.com/foaf/0.1/\">\n<head>\n"
                + "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + e(title) + "</title>\n<link rel=\"stylesheet\" href=\"" + STYLESHEET + "\">\n</head>\n<body>\n<main>\n"
                + body + "</main>\n</body>\n</html>\n";
    }

    private static String e(String text) {
        return escapeHtml4(text);
    }
}
