package ru.vitrina.dashboards;

import ru.vitrina.cubes.model.LocalizedText;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Screens a wall shows in turn, each for its own time and with its own variables — the same card for five
 * municipalities, say. Read from {@code playlists/<name>.yaml}; opened as {@code /wall/<first>?playlist=<name>}.
 */
public record Playlist(String name, String file, LocalizedText title, List<Slide> slides) {
    public Playlist {
        requireNonNull(name, "name");
        requireNonNull(file, "file");
        requireNonNull(title, "title");
        slides = List.copyOf(slides);
    }

    /** One screen of a playlist: a dashboard, how long it stays, the variable values it is shown with. */
    public record Slide(String dashboard, int seconds, Map<String, String> variables) {
        public Slide {
            requireNonNull(dashboard, "dashboard");
            variables = Map.copyOf(variables);
        }
    }
}
