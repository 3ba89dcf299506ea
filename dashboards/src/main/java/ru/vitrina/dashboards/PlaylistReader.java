package ru.vitrina.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import ru.vitrina.cubes.model.LocalizedText;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Reads a playlist file and checks it against the dashboards it names: every screen exists, every variable is
 * one the screen declares and its value fits, every time is between 5 seconds and an hour.
 */
public final class PlaylistReader {
    private static final Set<String> TOP = Set.of("title", "screens");
    private static final Set<String> SLIDE = Set.of("dashboard", "seconds", "variables");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final YAMLMapper yaml = new YAMLMapper();

    public Playlist read(String file, String name, String text, DashboardCatalog dashboards) {
        requireNonNull(file, "file");
        requireNonNull(dashboards, "dashboards");
        if (!NAME.matcher(name).matches()) {
            throw new DashboardException(file, null, "playlist name '" + name + "' must be lower-case letters, digits, '-' or '_'");
        }
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DashboardException(file, null, "not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new DashboardException(file, null, "a playlist must be a mapping with title and screens");
        }
        unknown(file, root, TOP, "playlist");
        JsonNode titleNode = root.get("title");
        LocalizedText title;
        if (titleNode != null && titleNode.isTextual()) {
            title = LocalizedText.of(titleNode.asText());
        } else if (titleNode != null && titleNode.hasNonNull("ru")) {
            title = new LocalizedText(titleNode.get("ru").asText(), titleNode.path("en").asText(null));
        } else {
            throw new DashboardException(file, null, "needs title (a string, or {ru: …, en: …})");
        }
        JsonNode screens = root.get("screens");
        if (screens == null || !screens.isArray() || screens.isEmpty()) {
            throw new DashboardException(file, null, "screens must be a non-empty list of {dashboard, seconds, variables}");
        }
        List<Playlist.Slide> slides = new ArrayList<>();
        int index = 0;
        for (JsonNode screen : screens) {
            String where = "screens[" + index++ + "]";
            if (!screen.isObject()) {
                throw new DashboardException(file, null, where + " must be a mapping {dashboard, seconds, variables}");
            }
            unknown(file, screen, SLIDE, where);
            String id = screen.path("dashboard").asText("");
            Dashboard dashboard = dashboards.find(id).orElseThrow(() -> new DashboardException(file, null,
                    where + ": no dashboard '" + id + "'; known: " + String.join(", ", dashboards.all().stream().map(Dashboard::id).toList())));
            int seconds = screen.path("seconds").asInt(60);
            if (!screen.path("seconds").isMissingNode() && !screen.path("seconds").isIntegralNumber() || seconds < 5 || seconds > 3600) {
                throw new DashboardException(file, null, where + ": seconds must be a whole number 5..3600, got '" + screen.path("seconds").asText() + "'");
            }
            Map<String, String> variables = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = screen.path("variables").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                Variable variable = dashboard.variable(field.getKey()).orElseThrow(() -> new DashboardException(file, null,
                        where + ": dashboard '" + id + "' has no variable '" + field.getKey() + "'"));
                String value = field.getValue().asText();
                if (!(variable.kind().accepts(value) || Variable.LATEST.equals(value) && variable.defaultsToLatest())) {
                    throw new DashboardException(file, null, where + ": '" + value + "' is not a valid " + variable.kind().described()
                            + " for variable '" + field.getKey() + "'");
                }
                variables.put(field.getKey(), value);
            }
            slides.add(new Playlist.Slide(id, seconds, variables));
        }
        return new Playlist(name, file, title, slides);
    }

    private static void unknown(String file, JsonNode node, Set<String> allowed, String what) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!allowed.contains(key)) {
                throw new DashboardException(file, null, "unknown field '" + key + "' in " + what + "; known: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }
}
