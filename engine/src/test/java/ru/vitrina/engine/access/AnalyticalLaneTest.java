package ru.vitrina.engine.access;

import org.junit.jupiter.api.Test;
import ru.vitrina.engine.query.QueryException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AnalyticalLaneTest {
    @Test
    void workBeyondTheLanesPlacesIsRefusedWith503AfterItsWaitAndRunsOnceAPlaceIsFree() {
        AnalyticalLane lane = new AnalyticalLane(2, Duration.ofMillis(50));
        Runnable first = lane.enter();
        Runnable second = lane.enter();
        QueryException refused = catchThrowableOfType(QueryException.class, lane::enter);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.getMessage()).contains("тяжёлых запросов аналитиков").contains("too many analysts' heavy queries");
        assertThat(lane.free()).as("a refusal takes no place").isZero();

        first.run();
        first.run();
        assertThat(lane.free()).as("leaving twice frees one place").isEqualTo(1);
        lane.enter();
        assertThat(lane.free()).isZero();
        second.run();
        assertThat(lane.free()).isEqualTo(1);
    }

    @Test
    void aLaneWithoutPlacesIsAMistake() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new AnalyticalLane(0, Duration.ofSeconds(1))))
                .hasMessageContaining("at least one place");
    }
}
