package ru.vitrina.dashboards;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The playlists provisioned at start: {@code playlists/*.yaml} in the jar, or a folder on disk. */
public final class PlaylistCatalog {
    static final String BUILT_IN = "playlists";

    private final List<Playlist> playlists;

    public PlaylistCatalog(List<Playlist> playlists) {
        this.playlists = List.copyOf(requireNonNull(playlists, "playlists"));
    }

    public static PlaylistCatalog builtIn(DashboardCatalog dashboards) {
        return of(BUILT_IN, YamlFolder.builtIn(BUILT_IN), dashboards);
    }

    public static PlaylistCatalog read(Path folder, DashboardCatalog dashboards) {
        return of(String.valueOf(folder.getFileName()), YamlFolder.read(folder), dashboards);
    }

    private static PlaylistCatalog of(String folder, Map<String, String> files, DashboardCatalog dashboards) {
        PlaylistReader reader = new PlaylistReader();
        List<Playlist> playlists = new ArrayList<>();
        files.forEach((name, text) -> playlists.add(reader.read(folder + "/" + name, YamlFolder.baseName(name), text, dashboards)));
        return new PlaylistCatalog(playlists);
    }

    public List<Playlist> all() {
        return playlists;
    }

    public Optional<Playlist> find(String name) {
        return playlists.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
