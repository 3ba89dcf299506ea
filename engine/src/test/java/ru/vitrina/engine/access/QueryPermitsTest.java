package ru.vitrina.engine.access;

import org.junit.jupiter.api.Test;
import ru.vitrina.engine.query.QueryException;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class QueryPermitsTest {
    private final Principal analyst = new Principal("analyst", EnumSet.of(Role.ANALYST), Set.of(), Set.of());
    private final Principal other = new Principal("other", EnumSet.of(Role.ANALYST), Set.of(), Set.of());

    @Test
    void aUserOverTheCapIsRefusedWith429UntilAQueryEnds() {
        QueryPermits permits = new QueryPermits(2);
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
    void vitrinasOwnWorkIsNotCounted() {
        QueryPermits permits = new QueryPermits(1);
        for (int i = 0; i < 5; i++) {
            permits.acquire(Principal.system());
        }
        assertThat(permits.running(Principal.system())).isZero();
        assertThatThrownBy(() -> new QueryPermits(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
