package ru.vitrina.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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
        }
    }

    /** The dashboards shipped in the jar. */
    public static DashboardCatalog builtIn() {
        URL folder = DashboardCatalog.class.getClassLoader().getResource(BUILT_IN);
        if (folder == null) {
            throw new DashboardException(BUILT_IN, null, "no built-in dashboard folder on the class path");
        }
        try {
            URI uri = folder.toURI();
            if (uri.getScheme().equals("jar")) {
                // Another reader (the cube loader) may hold the jar open as a file system at the same moment.
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(jar.provider().getPath(uri));
                } catch (FileSystemAlreadyExistsException e) {
                    return read(FileSystems.getFileSystem(uri).provider().getPath(uri));
                }
            }
            return read(Path.of(uri));
        } catch (URISyntaxException | IOException e) {
            throw new DashboardException(BUILT_IN, null, "cannot list the built-in dashboards: " + e.getMessage(), e);
        }
    }

    /** Every {@code *.yaml} / {@code *.yml} of {@code folder}, one dashboard each, in file-name order. */
    public static DashboardCatalog read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DashboardException(String.valueOf(folder), null, "dashboard folder does not exist or is not a folder");
        }
        DashboardReader reader = new DashboardReader();
        List<Dashboard> dashboards = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(DashboardCatalog::isYaml).sorted().toList()) {
                String name = file.getFileName().toString();
                String base = name.substring(0, name.lastIndexOf('.'));
                String label = folder.getFileName() + "/" + name;
                dashboards.add(reader.read(label, base, Files.readString(file, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboards from " + folder, e);
        }
        return new DashboardCatalog(dashboards);
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    public List<Dashboard> all() {
        return dashboards;
    }

    public Optional<Dashboard> find(String id) {
        return dashboards.stream().filter(d -> d.id().equals(id)).findFirst();
    }
}
