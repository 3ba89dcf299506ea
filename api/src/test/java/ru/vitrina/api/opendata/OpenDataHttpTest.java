package ru.vitrina.api.opendata;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.opendata.publish.PublishedVersion;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The v3.0 files and pages as served: registry and passports whose every link resolves, file names and dates in the
 * required form, the 18-row passport with RDFa and no scripts; revalidation (304), byte ranges (206, 416), gzip.
 */
class OpenDataHttpTest {
    private static final String SET = "7000000885-BudgetExecution";
    private final TestServer server = TestServer.shared();

    private HttpResponse<byte[]> ok(String path, String... headers) {
        HttpResponse<byte[]> response = Http.get(server, path, headers);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response;
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }

    @Test
    void registryAndPassportsFollowTheRecommendations() {
        List<List<String>> list = OpenDataFormatsTest.csvRows(Http.text(ok("/opendata/list.csv")));
        assertThat(list.get(0)).containsExactly("property", "title", "value", "format");
        assertThat(list.get(1)).containsExactly("standardversion", "Версия методических рекомендаций", "http://opendata.gosmonitor.ru/standard/3.0", "");
        assertThat(list).hasSize(2 + 4);
        for (List<String> entry : list.subList(2, list.size())) {
            assertThat(entry.get(0)).matches("7000000885-[A-Za-z][A-Za-z0-9]*");
            String folder = path(entry.get(2));
            assertThat(folder).isEqualTo("/opendata/" + entry.get(0) + "/");
            List<List<String>> meta = OpenDataFormatsTest.csvRows(Http.text(ok(folder + "meta.csv")));
            assertThat(meta.get(0)).containsExactly("property", "value");
            assertThat(meta.subList(1, 15)).extracting(row -> row.get(0)).containsExactly("standardversion", "identifier", "title",
                    "description", "creator", "created", "modified", "subject", "format", "provenance", "valid", "publishername",
                    "publisherphone", "publishermbox");
            for (List<String> row : meta.subList(1, meta.size())) {
                if (List.of("created", "modified", "valid").contains(row.get(0))) {
                    assertThat(row.get(1)).as(row.get(0)).matches("\\d{8}");
                }
                if (row.get(0).startsWith("data-")) {
                    assertThat(row.get(0)).matches("data-\\d{8}-structure-\\d{8}");
                    assertThat(path(row.get(1))).endsWith("/" + row.get(0) + ".csv");
                    ok(path(row.get(1)));
                }
                if (row.get(0).startsWith("structure-")) {
                    String structure = Http.text(ok(path(row.get(1))));
                    assertThat(structure).startsWith("field name,english description,russian description,format\r\n");
                }
            }
            assertThat(server.parse(Http.text(ok(folder + "meta.json"))).path("standardversion").asText()).isEqualTo("http://opendata.gosmonitor.ru/standard/3.0");
            assertThat(Http.text(ok(folder + "meta.xml"))).contains("<meta><standardversion>");
            JsonNode descriptor = server.parse(Http.text(ok(folder + "datapackage.json")));
            assertThat(descriptor.path("profile").asText()).isEqualTo("tabular-data-package");
            for (JsonNode resource : descriptor.path("resources")) {
                // Relative to the descriptor (no public_url here): the name of a file beside it, never "/opendata/...".
                String file = resource.path("path").asText();
                assertThat(file).as("Data Package v1 path").matches("^(?=^[^./~])(^((?!\\.{2}).)*$).*$");
                ok(URI.create(folder + "datapackage.json").resolve(file).getPath());
            }
        }
        assertThat(Http.text(ok("/opendata/list.xml"))).contains("<list><standardversion>http://opendata.gosmonitor.ru/standard/3.0</standardversion><meta><item>");
        JsonNode listJson = server.parse(Http.text(ok("/opendata/list.json")));
        assertThat(listJson.path("standardversion").asText()).isEqualTo("http://opendata.gosmonitor.ru/standard/3.0");
        assertThat(listJson.path("meta")).extracting(item -> item.path("identifier").asText())
                .containsExactlyElementsOf(list.subList(2, list.size()).stream().map(row -> row.get(0)).toList());
    }

    @Test
    void pagesAreRussianWithAnEighteenRowPassportInRdfaAndNoScripts() {
        String catalogue = Http.text(ok("/opendata/"));
        assertThat(catalogue).contains("<html lang=\"ru\"", "Открытые данные", "Наборов данных: <strong>4</strong>", "Условия использования",
                "Предложить новый набор", "href=\"/opendata/assets/opendata.css\"");
        assertThat(Http.text(ok("/opendata/?q=" + CkanApiTest.enc("бюджет")))).contains(SET).doesNotContain("7000000885-Morbidity/");
        String passport = Http.text(ok("/opendata/" + SET + "/"));
        assertThat(passport.split("<tr><td>\\d+</td>", -1)).as("18 numbered rows").hasSize(19);
        assertThat(passport).contains("about=\"" + SET + "\" typeof=\"foaf:Document\"", "rel=\"dc:conformsTo\" resource=\"http://opendata.gosmonitor.ru/standard/3.0\"",
                "property=\"dc:identifier\"", "property=\"dc:title\"", "property=\"dc:description\"", "property=\"dc:creator\"",
                "property=\"dc:format\"", "property=\"dc:created\"", "property=\"dc:modified\"", "property=\"dc:valid\"",
                "property=\"dc:subject\"", "typeof=\"foaf:Person\" property=\"foaf:name\"", "property=\"foaf:phone\"", "rel=\"foaf:mbox\"");
        for (String page : List.of(catalogue, passport)) {
            assertThat(page).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase(" style=").doesNotContainPattern("\\son[a-z]+\\s*=");
        }
        assertThat(passport).as("where the numbers come from").contains("Источник данных / source: <span property=\"dc:source\">");
        assertThat(Http.text(ok("/opendata/assets/opendata.css"))).contains("table");
        assertThat(Http.get(server, "/opendata/7000000885-NoSuchSet/").statusCode()).isEqualTo(404);
        assertThat(Http.get(server, "/opendata/" + SET + "/data-19990101-structure-19990101.csv").statusCode()).isEqualTo(404);
        assertThat(Http.get(server, "/opendata/" + SET + "/..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(404);
    }

    private PublishedVersion version() {
        return server.application().openData().versions(SET).get(0);
    }

    @Test
    void storedFilesRevalidateAndResume() throws IOException {
        PublishedVersion version = version();
        String file = "/opendata/" + SET + "/" + version.baseName() + ".csv";
        byte[] whole = Files.readAllBytes(server.application().openData().file(version, "csv"));
        HttpResponse<byte[]> first = ok(file);
        assertThat(first.body()).isEqualTo(whole);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(first.headers().firstValue("Accept-Ranges")).contains("bytes");

        assertThat(Http.get(server, file, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(Http.get(server, file, "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        assertThat(Http.get(server, file, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(Http.get(server, file, "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT").statusCode()).isEqualTo(200);

        HttpResponse<byte[]> middle = Http.get(server, file, "Range", "bytes=10-109");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).contains("bytes 10-109/" + whole.length);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(whole, 10, 110));
        HttpResponse<byte[]> tail = Http.get(server, file, "Range", "bytes=-50");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(whole, whole.length - 50, whole.length));
        HttpResponse<byte[]> resume = Http.get(server, file, "Range", "bytes=100-", "If-Range", etag);
        assertThat(resume.body()).isEqualTo(Arrays.copyOfRange(whole, 100, whole.length));
        assertThat(Http.get(server, file, "Range", "bytes=100-", "If-Range", "\"stale\"").statusCode()).as("changed since: whole file").isEqualTo(200);
        HttpResponse<byte[]> outside = Http.get(server, file, "Range", "bytes=" + whole.length + "-");
        assertThat(outside.statusCode()).isEqualTo(416);
        assertThat(outside.headers().firstValue("Content-Range")).contains("bytes */" + whole.length);

        HttpResponse<byte[]> gzip = Http.get(server, file, "Accept-Encoding", "gzip");
        assertThat(gzip.statusCode()).isEqualTo(200);
        assertThat(gzip.headers().firstValue("Content-Encoding")).contains("gzip");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(whole);
        }
        HttpResponse<byte[]> rangeWithGzip = Http.get(server, file, "Accept-Encoding", "gzip", "Range", "bytes=0-9");
        assertThat(rangeWithGzip.headers().firstValue("Content-Encoding")).as("ranges are stored bytes").isEmpty();
        assertThat(rangeWithGzip.body()).isEqualTo(Arrays.copyOfRange(whole, 0, 10));
    }

    @Test
    void generatedFormatsAndPassportsRevalidateToo() {
        PublishedVersion version = version();
        for (String path : List.of("/opendata/" + SET + "/" + version.baseName() + ".json", "/opendata/" + SET + "/meta.csv", "/opendata/list.csv")) {
            HttpResponse<byte[]> first = ok(path);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(Http.get(server, path, "If-None-Match", etag).statusCode()).as(path).isEqualTo(304);
        }
    }

    /**
     * HEAD answers what GET would, without the bytes: link checkers and harvesters read type, size and validators
     * from it. (Javalin alone answered every HEAD with an empty JSON 200.) It downloads nothing, so it counts no rows.
     */
    @Test
    void headAnswersWhatGetWouldWithoutTheBytes() throws IOException {
        PublishedVersion version = version();
        String base = "/opendata/" + SET + "/";
        long size = Files.size(server.application().openData().file(version, "csv"));
        for (String[] file : List.of(new String[] {version.baseName() + ".csv", "text/csv", Long.toString(size)},
                new String[] {version.structureFileName(), "text/csv", null},
                new String[] {version.baseName() + ".parquet", "application/vnd.apache.parquet", null},
                new String[] {"meta.csv", "text/csv", null}, new String[] {"datapackage.json", "application/json", null})) {
            HttpResponse<byte[]> get = ok(base + file[0]);
            HttpResponse<byte[]> head = Http.head(server, base + file[0]);
            assertThat(head.statusCode()).as(file[0]).isEqualTo(200);
            assertThat(head.body()).as(file[0]).isEmpty();
            assertThat(head.headers().firstValue("Content-Type").orElseThrow()).as(file[0]).startsWith(file[1]);
            assertThat(head.headers().firstValue("Content-Length")).as(file[0]).contains(file[2] != null ? file[2] : Integer.toString(get.body().length));
            assertThat(head.headers().firstValue("ETag")).as(file[0]).isEqualTo(get.headers().firstValue("ETag"));
            assertThat(head.headers().firstValue("Last-Modified")).as(file[0]).isEqualTo(get.headers().firstValue("Last-Modified"));
        }
        HttpResponse<byte[]> generated = Http.head(server, base + version.baseName() + ".json");
        assertThat(generated.statusCode()).isEqualTo(200);
        assertThat(generated.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(generated.headers().firstValue("Content-Length")).as("not known before it is written; never 0").isEmpty();
        assertThat(Http.head(server, "/opendata/list.csv").headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(Http.head(server, base + "data-19990101-structure-19990101.csv").statusCode()).isEqualTo(404);
    }

    /** A name that is no date is a typo (400 saying so); a date with no version is 404 naming the versions there are. */
    @Test
    void badVersionNamesAreAnsweredNamingTheProblem() {
        PublishedVersion version = version();
        String base = "/opendata/" + SET + "/";
        HttpResponse<byte[]> typo = Http.get(server, base + "data-20261399-structure-" + PublishedVersion.COMPACT.format(version.structureDate()) + ".csv");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(Http.text(typo)).contains("«20261399»", "не дата ГГГГММДД", "is not a date YYYYMMDD");
        assertThat(Http.get(server, base + "structure-20260230.csv").statusCode()).as("30 February").isEqualTo(400);
        HttpResponse<byte[]> absent = Http.get(server, base + "data-19990101-structure-19990101.json");
        assertThat(absent.statusCode()).isEqualTo(404);
        assertThat(Http.text(absent)).contains("Нет версии «data-19990101-structure-19990101»", "there are: " + version.baseName());
        HttpResponse<byte[]> noStructure = Http.get(server, base + "structure-19990101.csv");
        assertThat(noStructure.statusCode()).isEqualTo(404);
        assertThat(Http.text(noStructure)).contains(version.structureFileName());
        assertThat(Http.text(Http.get(server, base + "meta.txt"))).contains("meta.csv, meta.json, meta.xml, datapackage.json");
    }
}
