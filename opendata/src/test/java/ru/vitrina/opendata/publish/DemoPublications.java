package ru.vitrina.opendata.publish;

import ru.vitrina.cubes.load.CubeFiles;
import ru.vitrina.cubes.model.CubeModel;
import ru.vitrina.engine.access.QueryPermits;
import ru.vitrina.engine.cache.ResultCache;
import ru.vitrina.engine.query.DateRangeParser;
import ru.vitrina.engine.query.QueryEngine;
import ru.vitrina.engine.query.QueryLimits;
import ru.vitrina.engine.query.QueryParser;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.opendata.dataset.Catalogue;
import ru.vitrina.opendata.dataset.CatalogueReader;

import java.nio.file.Path;
import java.time.Clock;

/** A real DuckDB file filled by the demo generator, with every built-in data set published into it at start. */
record DemoPublications(Store store, QueryEngine engine, Catalogue catalogue, Publications publications) implements AutoCloseable {
    static DemoPublications open(Path file, Clock clock) {
        Store store = Store.open(file);
        new DemoRegion(20261125L, DemoSize.TEST).generate(store, (stage, done, total) -> { });
        CubeModel model = new CubeFiles().builtIn();
        QueryParser parser = new QueryParser(model, new DateRangeParser(Clock.systemDefaultZone()));
        QueryEngine engine = new QueryEngine(store, model, parser, QueryLimits.DEFAULTS, new ResultCache(0), false, new QueryPermits(4, java.time.Duration.ofSeconds(60)),
                new ru.vitrina.engine.access.AnalyticalLane(1, java.time.Duration.ofSeconds(60)));
        Catalogue catalogue = new CatalogueReader().builtIn();
        Publications publications = new Publications(catalogue, engine, store, Publications.folderOf(store), clock);
        publications.attach();
        return new DemoPublications(store, engine, catalogue, publications);
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
