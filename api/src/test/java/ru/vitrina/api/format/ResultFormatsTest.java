package ru.vitrina.api.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultFormatsTest {
    @ParameterizedTest(name = "format={0}, Accept={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "<none>", textBlock = """
            # ?format= wins over any Accept header
            csv       | application/json                                                  | CSV
            CSV       | <none>                                                            | CSV
            ' csv-ru '| text/csv                                                          | CSV_RU
            xlsx      | text/csv                                                          | XLSX
            parquet   | */*                                                               | PARQUET
            arrow     | application/json                                                  | ARROW
            json      | text/csv                                                          | JSON
            # a blank ?format= is as if there were none
            ''        | text/csv                                                          | CSV
            # nothing said: JSON
            <none>    | <none>                                                            | JSON
            <none>    | ''                                                                | JSON
            <none>    | */*                                                               | JSON
            <none>    | *                                                                 | JSON
            # each media type alone
            <none>    | application/json                                                  | JSON
            <none>    | text/csv                                                          | CSV
            <none>    | text/csv; charset=utf-8                                           | CSV
            <none>    | TEXT/CSV                                                          | CSV
            <none>    | application/vnd.openxmlformats-officedocument.spreadsheetml.sheet | XLSX
            <none>    | application/vnd.apache.parquet                                    | PARQUET
            <none>    | application/x-parquet                                             | PARQUET
            <none>    | application/vnd.apache.arrow.stream                               | ARROW
            # a browser's header likes everything equally: the server's preference, JSON
            <none>    | text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8   | JSON
            # q-values decide
            <none>    | application/json;q=0.5, text/csv                                  | CSV
            <none>    | text/csv;q=0.2, application/vnd.apache.parquet;q=0.9              | PARQUET
            <none>    | text/csv;q=0, */*                                                 | JSON
            # a named type beats a wildcard of the same q; then the one named first
            <none>    | */*, text/csv                                                     | CSV
            <none>    | text/*                                                            | CSV
            <none>    | text/csv, application/json                                        | CSV
            <none>    | application/json, text/csv                                        | JSON
            # the most specific range gives the q (RFC 9110)
            <none>    | text/*;q=1, text/csv;q=0.1, application/json;q=0.5                | JSON
            # nothing we write, or garbage: JSON rather than 406
            <none>    | image/png                                                         | JSON
            <none>    | text/csv;q=abc                                                    | JSON
            <none>    | ;;,,/                                                             | JSON
            """)
    void negotiates(String format, String accept, ResultFormat expected) {
        assertThat(ResultFormats.negotiate(format, accept)).isEqualTo(expected);
    }

    @Test
    void anUnknownFormatNamesTheValueAndEveryFormatInRussianAndEnglish() {
        assertThatThrownBy(() -> ResultFormats.negotiate("xml", "text/csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessage("Неизвестный формат «xml». Поддерживаются: json, csv, csv-ru, xlsx, parquet, arrow. "
                        + "Unknown format 'xml'. Supported: json, csv, csv-ru, xlsx, parquet, arrow.")
                .satisfies(e -> {
                    UnsupportedFormatException unsupported = (UnsupportedFormatException) e;
                    assertThat(unsupported.value()).isEqualTo("xml");
                    assertThat(unsupported.supported()).containsExactly("json", "csv", "csv-ru", "xlsx", "parquet", "arrow");
                });
    }

    @Test
    void aLongUnknownFormatIsCutInTheMessage() {
        String junk = "x".repeat(10_000);
        assertThatThrownBy(() -> ResultFormats.negotiate(junk, null))
                .hasMessageContaining("«" + "x".repeat(64) + "…»")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }

    @Test
    void contentTypesAndExtensions() {
        assertThat(ResultFormat.CSV.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(ResultFormat.CSV_RU.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(ResultFormat.XLSX.contentType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(ResultFormat.PARQUET.contentType()).isEqualTo("application/vnd.apache.parquet");
        assertThat(ResultFormat.ARROW.contentType()).isEqualTo("application/vnd.apache.arrow.stream");
        assertThat(ResultFormat.JSON.contentType()).isEqualTo("application/json");

        assertThat(ResultFormat.CSV.extension()).isEqualTo("csv");
        assertThat(ResultFormat.CSV_RU.extension()).isEqualTo("csv");
        assertThat(ResultFormat.XLSX.extension()).isEqualTo("xlsx");
        assertThat(ResultFormat.PARQUET.extension()).isEqualTo("parquet");
        assertThat(ResultFormat.ARROW.extension()).isEqualTo("arrows");
        assertThat(ResultFormat.JSON.isFile()).isFalse();
        assertThat(ResultFormat.XLSX.isFile()).isTrue();
    }

    @Test
    void contentDispositionCarriesAnAsciiNameAndTheExactRussianOne() {
        assertThat(ResultFormat.XLSX.contentDisposition("Бюджет 2024"))
                .isEqualTo("attachment; filename=\"Biudzhet 2024.xlsx\"; "
                        + "filename*=UTF-8''%D0%91%D1%8E%D0%B4%D0%B6%D0%B5%D1%82%202024.xlsx");
        assertThat(ResultFormat.CSV.contentDisposition("query"))
                .isEqualTo("attachment; filename=\"query.csv\"; filename*=UTF-8''query.csv");
    }

    @Test
    void fileNamesCannotEscapeTheDownloadFolderOrBreakTheHeader() {
        assertThat(ResultFormat.CSV.fileName("../../etc/passwd")).isEqualTo("_.._etc_passwd.csv");
        assertThat(ResultFormat.CSV.fileName("a\"b\r\nc")).isEqualTo("a_b__c.csv");
        assertThat(ResultFormat.CSV.fileName("   ")).isEqualTo("vitrina.csv");
        assertThat(ResultFormat.CSV.fileName(null)).isEqualTo("vitrina.csv");
        assertThat(ResultFormat.PARQUET.fileName("я".repeat(500))).isEqualTo("я".repeat(120) + ".parquet");
        assertThat(ResultFormat.ARROW.contentDisposition("x\"; filename=evil.exe"))
                .startsWith("attachment; filename=\"x_; filename=evil.exe.arrows\"; filename*=UTF-8''x_%3B%20filename%3Devil.exe.arrows");
    }

    @Test
    void everyFileFormatHasAWriterAndJsonHasNone() {
        ResultWriters writers = new ResultWriters(Clock.systemDefaultZone(), null);
        assertThat(writers.writer(ResultFormat.CSV)).isInstanceOf(CsvWriter.class);
        assertThat(writers.writer(ResultFormat.CSV_RU)).isInstanceOf(CsvWriter.class).isNotSameAs(writers.writer(ResultFormat.CSV));
        assertThat(writers.writer(ResultFormat.XLSX)).isInstanceOf(XlsxWriter.class);
        assertThat(writers.writer(ResultFormat.PARQUET)).isInstanceOf(ParquetWriter.class);
        assertThat(writers.writer(ResultFormat.ARROW)).isInstanceOf(ArrowStreamResultWriter.class);
        assertThatThrownBy(() -> writers.writer(ResultFormat.JSON)).isInstanceOf(IllegalArgumentException.class);
    }
}
