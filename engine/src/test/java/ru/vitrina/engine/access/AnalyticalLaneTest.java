package ru.vitrina.engine.access;

import org.junit.jupiter.api.Test;
import ru.vitrina.engine.query.QueryException;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

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
    void analystsAndMunicipalOfficersQueueButWallScreensThePublicAndVitrinaItselfDoNot() {
        assertThat(AnalyticalLane.queues(user(Role.ANALYST))).isTrue();
        assertThat(AnalyticalLane.queues(user(Role.MUNICIPAL_OFFICER))).isTrue();
        assertThat(AnalyticalLane.queues(user(Role.VIEWER, Role.ANALYST))).as("an analyst who also watches the wall").isTrue();
        assertThat(AnalyticalLane.queues(user(Role.VIEWER))).isFalse();
        assertThat(AnalyticalLane.queues(user(Role.DATA_OFFICER))).isFalse();
        assertThat(AnalyticalLane.queues(Principal.anonymous())).isFalse();
        assertThat(AnalyticalLane.queues(Principal.system())).as("holds every role, waits for no analyst").isFalse();
    }

    @Test
    void aLaneWithoutPlacesIsAMistake() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new AnalyticalLane(0, Duration.ofSeconds(1))))
                .hasMessageContaining("at least one place");
    }

    private static Principal user(Role first, Role... more) {
        return new Principal("someone", EnumSet.of(first, more), Set.of(), Set.of());
    }
}
