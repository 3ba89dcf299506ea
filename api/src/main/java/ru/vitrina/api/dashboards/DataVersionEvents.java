package ru.vitrina.api.dashboards;

import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /api/v1/events}: Server-Sent Events that tell open screens a load has published a new data version,
 * so a wall re-asks its queries once per load instead of polling every few seconds. One server thread looks at
 * {@link Store#currentVersion()} every couple of seconds for all screens together; a comment every
 * {@code heartbeat} keeps proxies from closing an idle stream and finds screens that went away.
 */
final class DataVersionEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataVersionEvents.class);
    static final String EVENT = "data-version";

    private final Store store;
    private final Duration poll;
    private final Duration heartbeat;
    /** Open screens with the version each was last told: a screen that connected just as a load published is told once. */
    private final Map<SseClient, Long> clients = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private volatile long lastVersion = -1;
    private volatile long lastHeartbeat = System.nanoTime();

    DataVersionEvents(Store store, Duration poll, Duration heartbeat) {
        this.store = requireNonNull(store, "store");
        this.poll = requireNonNull(poll, "poll");
        this.heartbeat = requireNonNull(heartbeat, "heartbeat");
    }

    /** Starts watching the store; called when the server has started. */
    synchronized void start() {
        if (timer != null) {
            return;
        }
        lastVersion = current().map(DataVersion::version).orElse(0L);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dashboard-data-version-events");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::tick, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A new screen: keep its stream open and tell it at once which version is current. */
    void accept(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        Optional<DataVersion> version = current();
        clients.put(client, version.map(DataVersion::version).orElse(0L));
        version.ifPresentOrElse(v -> client.sendEvent(EVENT, payload(v)),
                () -> client.sendComment("no data version yet / данных ещё нет"));
    }

    int openStreams() {
        return clients.size();
    }

    private void tick() {
        try {
            Optional<DataVersion> version = current();
            long number = version.map(DataVersion::version).orElse(0L);
            if (number != lastVersion && version.isPresent()) {
                lastVersion = number;
                broadcast(version.get());
            } else if (System.nanoTime() - lastHeartbeat > heartbeat.toNanos()) {
                lastHeartbeat = System.nanoTime();
                for (SseClient client : clients.keySet()) {
                    send(client, () -> client.sendComment("ping"));
                }
            }
        } catch (RuntimeException e) {
            // The store may be busy or closing; the next tick tries again. Never let the timer die.
            LOG.debug("data version check failed: {}", e.getMessage());
        }
    }

    private void broadcast(DataVersion version) {
        Map<String, Object> payload = payload(version);
        clients.forEach((client, told) -> {
            if (told != version.version()) {
                clients.replace(client, version.version());
                send(client, () -> client.sendEvent(EVENT, payload));
            }
        });
    }

    private void send(SseClient client, Runnable sending) {
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        try {
            sending.run();
        } catch (RuntimeException e) {
            clients.remove(client);
            client.close();
        }
    }

    private Optional<DataVersion> current() {
        return store.currentVersion();
    }

    static Map<String, Object> payload(DataVersion version) {
        return Map.of("version", version.version(), "publishedAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(version.publishedInstant()),
                "publishedBy", version.publishedBy());
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        clients.keySet().forEach(client -> {
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // the screen is gone already
            }
        });
        clients.clear();
    }
}
