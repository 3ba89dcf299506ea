package ru.vitrina.api.opendata;

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
            assertThat(server.parse(Http.text(ok(folder + "datapackage.json"))).path("profile").asText()).isEqualTo("tabular-data-package");
        }
        assertThat(Http.text(ok("/opendata/list.xml"))).contains("<list><standardversion>http://opendata.gosmonitor.ru/standard/3.0</standardversion><meta><item>");
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
}
