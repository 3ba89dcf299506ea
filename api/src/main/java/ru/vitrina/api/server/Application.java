package ru.vitrina.api.server;

import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.security.Security;
import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.engine.access.AnalyticalLane;
import ru.vitrina.engine.access.QueryPermits;
import ru.vitrina.engine.cache.ResultCache;
import ru.vitrina.engine.query.DateRangeParser;
import ru.vitrina.engine.rollup.RollupTables;
import ru.vitrina.engine.sql.SqlService;
import ru.vitrina.engine.query.ModelCheck;
import ru.vitrina.engine.query.QueryEngine;
import ru.vitrina.engine.query.QueryParser;
import ru.vitrina.engine.store.Store;
import ru.vitrina.indicators.collection.EntryStore;
import ru.vitrina.indicators.monitoring.IndicatorService;
import ru.vitrina.indicators.passport.PassportReader;
import ru.vitrina.opendata.dataset.CatalogueReader;
import ru.vitrina.opendata.publish.Publications;

import java.time.Clock;

import static java.util.Objects.requireNonNull;

/** The parts of a running Vitrina, built once from the configuration and closed together. */
public final class Application implements AutoCloseable {

    private final VitrinaConfig config;
    private final Store store;
    private final CubeModel model;
    private final QueryEngine engine;
    private final SqlService sql;
    private final Security security;
    private final IndicatorService indicators;
    private final Publications openData;
    private final QueryPermits permits;
    private final AnalyticalLane lane;

    private Application(VitrinaConfig config, Store store, CubeModel model, QueryEngine engine, SqlService sql, Security security,
                        Publications openData, QueryPermits permits, AnalyticalLane lane) {
        this.config = config;
        this.store = store;
        this.model = model;
        this.engine = engine;
        this.sql = sql;
        this.security = security;
        this.indicators = new IndicatorService(new PassportReader().builtIn(), engine, new EntryStore(store), Clock.systemDefaultZone());
        this.openData = openData;
        this.permits = permits;
        this.lane = lane;
    }

    /** Opens the store, reads and checks the cubes. */
    public static Application open(VitrinaConfig config, Store store) {
        requireNonNull(config, "config");
        requireNonNull(store, "store");
        CubeFiles files = new CubeFiles();
        CubeModel model = config.cubesFolder() == null ? files.builtIn() : files.read(config.cubesFolder());
        new ModelCheck().check(model, store);
        config.security().memory().apply(store);
        QueryParser parser = new QueryParser(model, new DateRangeParser(Clock.systemDefaultZone()));
        RollupTables rollups = new RollupTables(model);
        store.derive(rollups::rebuild);
        rollups.ensureCurrent(store);
        QueryPermits permits = new QueryPermits(config.security().queriesPerUser(), config.timeout());
        AnalyticalLane lane = new AnalyticalLane(config.limits().analyticalQueries(), config.timeout());
        QueryEngine engine = new QueryEngine(store, model, parser, config.limits(), new ResultCache(config.cacheCells()), config.useRollups(),
                permits, lane);
        Security security = Security.open(config.security(), store.location(), Clock.systemUTC());
        Publications openData = new Publications(new CatalogueReader().builtIn(), engine, store, Publications.folderOf(store), Clock.systemDefaultZone());
        openData.attach();
        return new Application(config, store, model, engine, SqlService.start(store, engine), security, openData, permits, lane);
    }

    public VitrinaConfig config() {
        return config;
    }

    public Store store() {
        return store;
    }

    public CubeModel model() {
        return model;
    }

    public QueryEngine engine() {
        return engine;
    }

    /** SQL over the cubes, for /api/v1/sql and JDBC. */
    public SqlService sql() {
        return sql;
    }

    /** How many queries each user may have running at once, shared by every way of querying (JSON, exports, SQL, JDBC). */
    public QueryPermits permits() {
        return permits;
    }

    /** Where analysts' heavy work waits its turn, shared by every way of querying (JSON, exports, SQL, JDBC). */
    public AnalyticalLane lane() {
        return lane;
    }

    /** Users, tokens, sessions and the route rules. */
    public Security security() {
        return security;
    }

    /** Indicator passports, statuses and data collection. */
    public IndicatorService indicators() {
        return indicators;
    }

    /** The open data sets and their published versions. */
    public Publications openData() {
        return openData;
    }

    /** Stops the engine and closes the users file; the store belongs to whoever opened it. */
    @Override
    public void close() {
        engine.close();
        security.close();
    }
}
