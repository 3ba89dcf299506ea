package ru.vitrina.engine.access;

import ru.vitrina.engine.query.QueryException;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** What {@link AnalyticalLane} and {@link QueryPermits} share: taking a place of a semaphore, and giving it back once. */
final class Places {
    private Places() {
    }

    /** Waits up to {@code wait} for a place; false when none came free. An interrupted wait is answered 503. */
    static boolean awaited(Semaphore places, Duration wait) {
        try {
            return places.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException(503, "Запрос прерван / the request was interrupted", e);
        }
    }

    /** Gives the place taken back when run; running it again gives back nothing more. */
    static Runnable giveBackOnce(Semaphore places) {
        AtomicBoolean given = new AtomicBoolean();
        return () -> {
            if (given.compareAndSet(false, true)) {
                places.release();
            }
        };
    }
}
