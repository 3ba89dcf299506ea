package ru.vitrina.api.query;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A kept body's gzip stream is the body as it is, compressed, for any duration; and which clients get it. */
class KeptBodyTest {

    @ParameterizedTest(name = "{0} ns")
    @ValueSource(longs = {0, 7_000, 1_234_567, 987_654_321_000L})
    void theGzipStreamInflatesToTheBodyWithItsDuration(long durationNanos) throws IOException {
        for (int rows : new int[]{1, 300, 5_000}) {
            AnswerJson.Body plain = body(rows);
            KeptBody kept = KeptBody.of(plain);

            byte[] expected = written(kept, durationNanos, false);
            byte[] gzipped = written(kept, durationNanos, true);

            // GZIPInputStream checks the trailer: the CRC-32 and the size of the whole body.
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
                assertThat(in.readAllBytes()).as("%d rows", rows).isEqualTo(expected);
            }
            assertThat(new String(expected, StandardCharsets.UTF_8)).contains("\"durationMs\":" + AnswerJson.millis(durationNanos).toPlainString() + ",");
            if (rows > 1) {
                assertThat(gzipped.length).as("compressed").isLessThan(expected.length / 3);
            }
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "gzip, deflate, br, zstd | true",
            "GZip | true",
            "br;q=1.0, gzip;q=0.5 | true",
            "* | true",
            "gzip;q=0 | false",
            "gzip; q=0.0, br | false",
            "gzip;q=abc | false",
            "br, deflate | false",
            "identity | false",
            "x-gzip-not | false",
            "'' | false",
            "NULL | false",
    })
    void gzipGoesToClientsThatAcceptIt(String header, boolean expected) {
        assertThat(KeptBody.acceptsGzip(header)).isEqualTo(expected);
    }

    private static byte[] written(KeptBody kept, long durationNanos, boolean gzip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        kept.write(out, durationNanos, gzip);
        return out.toByteArray();
    }

    /** A body shaped as the API's: repeating rows (compressible) with numbers that differ (not trivially). */
    private static AnswerJson.Body body(int rows) {
        Random random = new Random(rows);
        StringBuilder head = new StringBuilder("{\"query\":{},\"data\":[");
        for (int i = 0; i < rows; i++) {
            head.append(i == 0 ? "" : ",").append("{\"budget.section\":\"0").append(100 + i % 14)
                    .append("\",\"budget.operation_date.month\":\"2025-0").append(1 + i % 9).append("-01T00:00:00.000\",\"budget.fact\":")
                    .append(random.nextInt(1_000_000_000)).append('.').append(random.nextInt(100)).append('}');
        }
        head.append("],\"durationMs\":");
        String tail = ",\"cache\":\"hit\",\"слой\":\"кэш\"}";
        return new AnswerJson.Body(head.toString().getBytes(StandardCharsets.UTF_8), tail.getBytes(StandardCharsets.UTF_8),
                null, null, rows);
    }
}
