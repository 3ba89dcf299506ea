package ru.vitrina.api.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.engine.store.DataVersion;
import ru.vitrina.engine.store.Store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Whether this Vitrina should be given traffic: the store answers, a data version is published and the newest load
 * of every job did not fail. A failed load leaves the last good data served; /ready says so, so that monitoring
 * calls someone while the wall screens keep showing (older) numbers.
 *
 * <p>/ready is public, and a load's error names what the public has no business knowing (a source system's address,
 * a drop folder's path, a database's own words): everyone is told which job failed and when; only a report
 * {@link #check(boolean) with the errors}, for an administrator, says why.
 */
final class Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private final Store store;
    private final StoreFigures figures;

    Readiness(Store store, StoreFigures figures) {
        this.store = requireNonNull(store, "store");
        this.figures = requireNonNull(figures, "figures");
    }

    /** @param withErrors whether a failed load is reported with its error (an administrator asks) */
    Report check(boolean withErrors) {
        List<Check> checks = new ArrayList<>();
        boolean storeAnswers;
        try {
            figures.ping();
            checks.add(new Check("store", true, "SELECT 1 answered"));
            storeAnswers = true;
        } catch (SQLException | RuntimeException e) {
            // /ready is public: the store's path and DuckDB's message (which names files) go to the log only.
            LOG.error("readiness: the store {} does not answer: {}", store.location(), e.getMessage(), e);
            checks.add(new Check("store", false, "Хранилище не отвечает, подробности в журнале сервера / the store does not answer,"
                    + " details in the server log"));
            storeAnswers = false;
        }
        Optional<DataVersion> version = store.publishedVersion();
        checks.add(version
                .map(v -> new Check("dataVersion", true, "version " + v.version() + " published " + v.publishedAt() + " by " + v.publishedBy()))
                .orElseGet(() -> new Check("dataVersion", false,
                        "Данные не опубликованы: загрузите их / no data version published yet: run a load")));
        if (storeAnswers) {
            checks.add(loads(withErrors));
        }
        return new Report(checks);
    }

    private Check loads(boolean withErrors) {
        try {
            List<String> failed = figures.lastLoads().stream()
                    .filter(load -> "failed".equals(load.status()))
                    .map(load -> load.job() + " (started " + load.startedAt()
                            + (withErrors && load.error() != null ? ": " + load.error() : "") + ")")
                    .toList();
            if (failed.isEmpty()) {
                return new Check("loads", true, "the newest load of every job did not fail");
            }
            return new Check("loads", false, "Последняя загрузка не удалась, показываются прежние данные / the newest load failed, "
                    + "older data is served: " + String.join("; ", failed) + (withErrors ? ""
                    : ". Причина — администратору: /api/v1/admin/loads и журнал сервера / the reason is for an administrator:"
                    + " /api/v1/admin/loads and the server log"));
        } catch (SQLException | RuntimeException e) {
            LOG.error("readiness: cannot read meta.load of {}: {}", store.location(), e.getMessage(), e);
            return new Check("loads", false, "Не читается meta.load, подробности в журнале сервера / cannot read meta.load,"
                    + " details in the server log");
        }
    }

    record Check(String name, boolean ok, String detail) {
        Check {
            requireNonNull(name, "name");
            requireNonNull(detail, "detail");
        }
    }

    record Report(List<Check> checks) {
        Report {
            checks = List.copyOf(checks);
        }

        boolean ready() {
            return checks.stream().allMatch(Check::ok);
        }

        List<String> reasons() {
            return checks.stream().filter(check -> !check.ok()).map(Check::detail).toList();
        }
    }
}
