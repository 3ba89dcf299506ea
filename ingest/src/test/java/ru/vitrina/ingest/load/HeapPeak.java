package ru.vitrina.ingest.load;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The largest Java heap in use while it is open, sampled every 10 ms (garbage included, after a GC at the start): what
 * the benchmarks print to show a load's memory stays flat whatever the size of its input.
 */
public final class HeapPeak implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final Thread sampler;

    private HeapPeak() {
        sampler = new Thread(() -> {
            Runtime runtime = Runtime.getRuntime();
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-peak-sampler");
        sampler.setDaemon(true);
    }

    /** Collects garbage, then samples until closed. */
    public static HeapPeak start() {
        System.gc();
        HeapPeak heap = new HeapPeak();
        heap.sampler.start();
        return heap;
    }

    /** The peak so far, in MB. */
    public long megabytes() {
        return peak.get() >> 20;
    }

    @Override
    public void close() throws InterruptedException {
        sampler.interrupt();
        sampler.join();
    }
}
