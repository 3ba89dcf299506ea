package ru.vitrina.dashboards;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The screens provisioned at start: every {@code *.yaml} of the built-in {@code dashboards/} folder, or of a folder on disk. */
public final class DashboardCatalog {
    static final String BUILT_IN = "dashboards";

    private final List<Dashboard> dashboards;

    public DashboardCatalog(List<Dashboard> dashboards) {
        this.dashboards = List.copyOf(requireNonNull(dashboards, "dashboards"));
        for (Dashboard dashboard : this.dashboards) {
            if (this.dashboards.stream().filter(d -> d.id().equals(dashboard.id())).count() > 1) {
                throw new DashboardException(dashboard.file(), null, "dashboard id '" + dashboard.id() + "' is used by another file too");
            }
            if (dashboard.parent() != null && this.dashboards.stream().noneMatch(d -> d.id().equals(dashboard.parent()))) {
                throw new DashboardException(dashboard.file(), null, "parent '" + dashboard.parent() + "' is not a dashboard");
            }
            if (dashboard.isPublic() && dashboard.parent() != null
                    && this.dashboards.stream().anyMatch(d -> d.id().equals(dashboard.parent()) && !d.isPublic())) {
                throw new DashboardException(dashboard.file(), null, "a public dashboard's parent '" + dashboard.parent()
                        + "' must be public too: its breadcrumb would lead visitors to a sign-in page");
            }
        }
    }

    /** The dashboards shipped in the jar. */
    public static DashboardCatalog builtIn() {
        Map<String, String> files = YamlFolder.builtIn(BUILT_IN);
        if (files.isEmpty()) {
            throw new DashboardException(BUILT_IN, null, "no built-in dashboards on the class path");
        }
        return of(BUILT_IN, files);
    }

    /** Every {@code *.yaml} / {@code *.yml} of {@code folder}, one dashboard each, in file-name order. */
    public static DashboardCatalog read(Path folder) {
        return of(String.valueOf(folder.getFileName()), YamlFolder.read(folder));
    }

    private static DashboardCatalog of(String folder, Map<String, String> files) {
        DashboardReader reader = new DashboardReader();
        List<Dashboard> dashboards = new ArrayList<>();
        files.forEach((name, text) -> dashboards.add(reader.read(folder + "/" + name, YamlFolder.baseName(name), text)));
        return new DashboardCatalog(dashboards);
    }

    public List<Dashboard> all() {
        return dashboards;
    }

    public Optional<Dashboard> find(String id) {
        return dashboards.stream().filter(d -> d.id().equals(id)).findFirst();
    }
}
