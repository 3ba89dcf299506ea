package ru.vitrina.engine.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import static java.util.Objects.requireNonNull;

/**
 * Entries whose keys carry a data version, bounded by weight, holding the newest version's entries only: the first
 * entry of a newer version drops the older versions' ones, so that they do not hold the heap until they age out by
 * size (the soak test showed the heap climbing by a few MB with every load before), and an entry of an older version
 * than one already stored (a reader that began before the last publication) is not stored: nobody asks for it again.
 */
public final class NewestVersionCache<K, V> {
    private final Cache<K, V> entries;
    private final ToLongFunction<K> version;
    /** The newest data version an entry was stored for. */
    private final AtomicLong newestVersion = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param maxWeight how much the entries may weigh in all, by {@code weigher}
     * @param version the data version of a key
     */
    public NewestVersionCache(long maxWeight, Weigher<K, V> weigher, ToLongFunction<K> version) {
        requireNonNull(weigher, "weigher");
        this.entries = Caffeine.newBuilder().maximumWeight(maxWeight).weigher(weigher::weigh).build();
        this.version = requireNonNull(version, "version");
    }

    public Optional<V> get(K key) {
        return Optional.ofNullable(entries.getIfPresent(requireNonNull(key, "key")));
    }

    public void put(K key, V value) {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        long keyVersion = version.applyAsLong(key);
        long before = newestVersion.getAndAccumulate(keyVersion, Math::max);
        if (keyVersion < before) {
            return;
        }
        entries.put(key, value);
        if (keyVersion > before) {
            entries.asMap().keySet().removeIf(k -> version.applyAsLong(k) < keyVersion);
        }
    }

    /** Entries held now. */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** The weight of one entry. */
    @FunctionalInterface
    public interface Weigher<K, V> {
        int weigh(K key, V value);
    }
}
