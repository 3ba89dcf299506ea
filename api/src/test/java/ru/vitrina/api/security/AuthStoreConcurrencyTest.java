package ru.vitrina.api.security;

import org.junit.jupiter.api.Test;
import ru.vitrina.engine.access.Role;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Checking tokens while users change: remembered checks are forgotten without deadlocking the store. */
class AuthStoreConcurrencyTest {

    @Test
    void tokenChecksAndUserChangesRunTogether() {
        SecureRandom random = new SecureRandom();
        try (AuthStore store = AuthStore.open(null, new PasswordHasher(random), new Secrets(random), Clock.systemUTC())) {
            AuthStore.UserAccount analyst = new AuthStore.UserAccount("analyst", Set.of(Role.ANALYST), Set.of(), Set.of(), false);
            store.saveUser(analyst, "a password of some length");
            String token = store.issueToken("analyst", "test", Instant.now().plus(Duration.ofHours(1))).secret();
            // A deadlock here hangs forever; the bound only turns a hang into a failure.
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < 7; t++) {
                    work.add(pool.submit(() -> {
                        for (int i = 0; i < 5_000; i++) {
                            assertThat(store.checkToken(token)).isPresent();
                        }
                    }));
                }
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        // a password is hashed while the store is locked: the window in which checks pile up
                        store.saveUser(new AuthStore.UserAccount("other" + i, Set.of(Role.VIEWER), Set.of(), Set.of(), false),
                                "password number " + i);
                    }
                }));
                for (Future<?> future : work) {
                    future.get();
                }
                pool.shutdown();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            });
            store.saveUser(new AuthStore.UserAccount("analyst", Set.of(Role.ANALYST), Set.of(), Set.of(), true), null);
            assertThat(store.checkToken(token)).as("a disabled user's token is refused at once").isEmpty();
        }
    }
}
