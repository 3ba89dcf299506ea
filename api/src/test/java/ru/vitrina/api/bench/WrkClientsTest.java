package ru.vitrina.api.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading wrk's report: requests, percentiles in any unit, and errors that must fail the bench. */
class WrkClientsTest {
    private static final String REPORT = """
            Running 10s test @ http://127.0.0.1:18080
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    12.29ms   20.33ms 268.98ms   91.33%
                Req/Sec     1.52k   278.63     2.13k    70.50%
              Latency Distribution
                 50%  850.00us
                 75%   12.69ms
                 90%   29.21ms
                 99%    1.02s
              30208 requests in 10.01s, 894.56MB read
            Requests/sec:   3017.84
            Transfer/sec:     89.37MB
            """;

    @Test
    void readsRequestsAndPercentilesInMilliseconds() {
        BenchReport.Concurrency concurrency = WrkClients.parse(REPORT, 64, 10);
        assertThat(concurrency.requests()).isEqualTo(30208);
        assertThat(concurrency.perSecond()).isEqualTo(3020.8);
        assertThat(concurrency.p50Millis()).isEqualTo(0.85);
        assertThat(concurrency.p99Millis()).isEqualTo(1020.0);
    }

    @Test
    void readsTheSequentialLineOfItsScript() {
        WrkClients.Sequential sequential = WrkClients.parseSequential(REPORT.replace("Requests/sec",
                "vitrina-sequential requests=1558 p50_us=1736 p95_us=3241 engine_p50_ms=1.407 engine_p95_ms=2.447\nRequests/sec"));
        assertThat(sequential.requests()).isEqualTo(1558);
        assertThat(sequential.wall()).isEqualTo(new Percentiles(1.736, 3.241));
        assertThat(sequential.engine()).isEqualTo(new Percentiles(1.407, 2.447));
        assertThatThrownBy(() -> WrkClients.parseSequential(REPORT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no sequential figures");
    }

    @Test
    void errorsFailTheRun() {
        assertThatThrownBy(() -> WrkClients.parse(REPORT.replace("Requests/sec", "  Non-2xx or 3xx responses: 12\nRequests/sec"), 64, 10))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> WrkClients.parse(REPORT.replace("Requests/sec", "  Socket errors: connect 0, read 3, write 0, timeout 0\nRequests/sec"), 64, 10))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> WrkClients.parseSequential(REPORT.replace("Requests/sec",
                "  Non-2xx or 3xx responses: 1\nvitrina-sequential requests=2 p50_us=1 p95_us=1 engine_p50_ms=1 engine_p95_ms=1\nRequests/sec")))
                .isInstanceOf(IllegalStateException.class);
    }
}
