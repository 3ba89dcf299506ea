package ru.vitrina.api.dashboards;

import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** The month a {@code latest} screen shows, over the demo data of the real engine. */
class LatestMonthsTest {
    private static final TestServer SERVER = TestServer.shared();
    private static final String BUDGET = "budget.operation_date";

    @Test
    void theRunningMonthIsNeverTheLatestEvenWithDataInIt() {
        YearMonth newest = months(YearMonth.of(2200, 1)).of(BUDGET).orElseThrow();
        // "Today" inside the newest month of the data: its payments so far must not move the screen to it.
        assertThat(months(newest).of(BUDGET)).hasValue(newest.minusMonths(1));
        // Once that month is over it is the latest.
        assertThat(months(newest.plusMonths(1)).of(BUDGET)).hasValue(newest);
    }

    private static LatestMonths months(YearMonth today) {
        ZoneId zone = ZoneId.systemDefault();
        Clock clock = Clock.fixed(today.atDay(5).atStartOfDay(zone).toInstant(), zone);
        return new LatestMonths(SERVER.application().engine(), SERVER.store(), clock);
    }
}
