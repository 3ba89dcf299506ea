package ru.vitrina.indicators;

import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.engine.cache.ResultCache;
import ru.vitrina.engine.query.DateRangeParser;
import ru.vitrina.engine.access.QueryPermits;
import ru.vitrina.engine.query.QueryEngine;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.query.QueryParser;
import ru.vitrina.engine.rollup.RollupTables;
import ru.vitrina.engine.store.Store;
import ru.vitrina.indicators.collection.EntryStore;
import ru.vitrina.indicators.monitoring.IndicatorService;
import ru.vitrina.indicators.passport.PassportReader;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A real DuckDB file filled by the demo generator (small, fixed seed) with its rollups, the real query engine and the shipped
 * passports over it. The clock stands at 26 November 2026 (the demo's data end in October 2026).
 */
public final class DemoStore implements AutoCloseable {
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T09:00:00Z"), ZoneId.of("Asia/Tomsk"));

    private final Store store;
    private final QueryEngine engine;
    private final IndicatorService service;

    private DemoStore(Store store, QueryEngine engine, IndicatorService service) {
        this.store = store;
        this.engine = engine;
        this.service = service;
    }

    public static DemoStore open() {
        try {
            Path folder = Files.createTempDirectory("vitrina-indicators");
            Store store = Store.open(folder.resolve("vitrina.duckdb"));
            new DemoRegion(20261125L, DemoSize.TEST).generate(store, (stage, done, total) -> { });
            CubeModel model = new CubeFiles().builtIn();
            RollupTables rollups = new RollupTables(model);
            store.derive(rollups::rebuild);
            rollups.ensureCurrent(store);
            QueryEngine engine = new QueryEngine(store, model, new QueryParser(model, new DateRangeParser(CLOCK)),
                    QueryLimits.DEFAULTS, new ResultCache(1_000_000), true, new QueryPermits(4, java.time.Duration.ofSeconds(60)),
                    new ru.vitrina.engine.access.AnalyticalLane(1, java.time.Duration.ofSeconds(60)));
            IndicatorService service = new IndicatorService(new PassportReader().builtIn(), engine, new EntryStore(store), CLOCK);
            return new DemoStore(store, engine, service);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Store store() {
        return store;
    }

    public QueryEngine engine() {
        return engine;
    }

    public IndicatorService service() {
        return service;
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
