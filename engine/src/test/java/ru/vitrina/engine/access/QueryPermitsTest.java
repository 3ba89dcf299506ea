package ru.vitrina.engine.access;

import org.junit.jupiter.api.Test;
import ru.vitrina.engine.query.QueryException;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class QueryPermitsTest {
    private final Principal analyst = new Principal("analyst", EnumSet.of(Role.ANALYST), Set.of(), Set.of());
    private final Principal other = new Principal("other", EnumSet.of(Role.ANALYST), Set.of(), Set.of());
    private final Principal wall = new Principal("wall", EnumSet.of(Role.VIEWER), Set.of(), Set.of());

    @Test
    void aUserOverTheCapIsRefusedWith429UntilAQueryEnds() {
        QueryPermits permits = new QueryPermits(2, Duration.ofSeconds(60));
        Runnable first = permits.acquire(analyst);
        Runnable second = permits.acquire(analyst);
        QueryException refused = catchThrowableOfType(QueryException.class, () -> permits.acquire(analyst));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.getMessage()).contains("2 queries running");
        assertThat(permits.running(analyst)).as("a refusal takes no permit").isEqualTo(2);

        Runnable another = permits.acquire(other);
        assertThat(permits.running(other)).as("other users are not affected").isEqualTo(1);

        first.run();
        first.run();
        assertThat(permits.running(analyst)).as("releasing twice frees one permit").isEqualTo(1);
        permits.acquire(analyst);
        assertThat(permits.running(analyst)).isEqualTo(2);
        second.run();
        another.run();
    }

    @Test
    void aWallScreensQueryOverItsLoginsCapWaitsForAPermitInsteadOfBeingRefused() throws Exception {
        QueryPermits permits = new QueryPermits(2, Duration.ofSeconds(60));
        Runnable first = permits.acquire(wall);
        permits.acquire(wall);
        CompletableFuture<Runnable> third = CompletableFuture.supplyAsync(() -> permits.acquire(wall));
        Thread.sleep(200);
        assertThat(third).as("waits while both permits are held (was refused at once before)").isNotDone();

        first.run();
        assertThat(third.get(30, TimeUnit.SECONDS)).as("takes the permit given back").isNotNull();
        assertThat(permits.running(wall)).isEqualTo(2);
    }

    @Test
    void aWallScreensQueryThatWaitedTooLongIsAnswered503SayingSo() {
        QueryPermits permits = new QueryPermits(1, Duration.ofMillis(50));
        permits.acquire(Principal.anonymous());
        QueryException busy = catchThrowableOfType(QueryException.class, () -> permits.acquire(Principal.anonymous()));
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.getMessage()).contains("заняты").contains("this login's queries have been busy");
        assertThat(permits.running(Principal.anonymous())).isEqualTo(1);
    }

    @Test
    void vitrinasOwnWorkIsNotCounted() {
        QueryPermits permits = new QueryPermits(1, Duration.ofSeconds(60));
        for (int i = 0; i < 5; i++) {
            permits.acquire(Principal.system());
        }
        assertThat(permits.running(Principal.system())).isZero();
        assertThatThrownBy(() -> new QueryPermits(0, Duration.ofSeconds(60))).isInstanceOf(IllegalArgumentException.class);
    }
}
