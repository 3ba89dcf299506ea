package ru.vitrina.api.server;

import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.security.Security;
import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.engine.cache.ResultCache;
import ru.vitrina.engine.query.DateRangeParser;
import ru.vitrina.engine.rollup.RollupTables;
import ru.vitrina.engine.sql.SqlService;
import ru.vitrina.engine.query.ModelCheck;
import ru.vitrina.engine.query.QueryEngine;
import ru.vitrina.engine.query.QueryParser;
import ru.vitrina.engine.store.Store;

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

    private Application(VitrinaConfig config, Store store, CubeModel model, QueryEngine engine, SqlService sql, Security security) {
        this.config = config;
        this.store = store;
        this.model = model;
        this.engine = engine;
        this.sql = sql;
        this.security = security;
    }

    /** Opens the store, reads and checks the cubes. */
    public static Application open(VitrinaConfig config, Store store) {
        requireNonNull(config, "config");
        requireNonNull(store, "store");
        CubeFiles files = new CubeFiles();
        CubeModel model = config.cubesFolder() == null ? files.builtIn() : files.read(config.cubesFolder());
        new ModelCheck().check(model, store);
        QueryParser parser = new QueryParser(model, new DateRangeParser(Clock.systemDefaultZone()));
        RollupTables rollups = new RollupTables(model);
        store.derive(rollups::rebuild);
        rollups.ensureCurrent(store);
        QueryEngine engine = new QueryEngine(store, model, parser, config.limits(), new ResultCache(config.cacheCells()), config.useRollups());
        Security security = Security.open(config.security(), store.location(), Clock.systemUTC());
        return new Application(config, store, model, engine, SqlService.start(store, engine), security);
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

    /** Users, tokens, sessions and the route rules. */
    public Security security() {
        return security;
    }

    /** Stops the engine and closes the users file; the store belongs to whoever opened it. */
    @Override
    public void close() {
        engine.close();
        security.close();
    }
}
