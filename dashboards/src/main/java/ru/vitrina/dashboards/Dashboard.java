package ru.vitrina.dashboards;

import ru.vitrina.cubes.model.LocalizedText;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A screen read from {@code dashboards/<id>.yaml}.
 *
 * @param file           the file it came from, for messages
 * @param territoryTitle the title a user limited to territories sees instead of {@code title}, with
 *                       {@value #TERRITORIES} standing for their names (the figures are his territories', not the
 *                       region's: «Обзор губернатора» over one district's numbers would mislead), or null
 * @param isPublic       whether visitors without a login may open it ({@code public: true}); its widgets' data is
 *                       then served only through its own queries, with disclosure control where declared
 * @param parent         the id of the screen a breadcrumb leads back to, or null
 * @param refreshSeconds how often an open screen re-asks its queries even without a data-version event
 * @param freshness      when the data of a {@code latest} period counts as overdue
 */
public record Dashboard(String id, String file, LocalizedText title, LocalizedText territoryTitle,
                        LocalizedText description, boolean isPublic, String parent,
                        Layout layout, int refreshSeconds, Freshness freshness, List<Variable> variables,
                        List<Widget> widgets) {
    /** Where a {@code territoryTitle} names the viewer's territories. */
    public static final String TERRITORIES = "{territories}";

    public Dashboard {
        requireNonNull(id, "id");
        requireNonNull(file, "file");
        requireNonNull(title, "title");
        requireNonNull(layout, "layout");
        requireNonNull(freshness, "freshness");
        variables = List.copyOf(variables);
        widgets = List.copyOf(widgets);
    }

    /**
     * The title for a viewer limited to {@code territories} (their names; empty: not limited): the screen's
     * {@code territoryTitle} filled with their names, or its plain title when it declares none.
     */
    public LocalizedText titleFor(List<LocalizedText> territories) {
        if (territoryTitle == null || territories.isEmpty()) {
            return title;
        }
        String ru = String.join(", ", territories.stream().map(LocalizedText::ru).toList());
        String en = String.join(", ", territories.stream().map(LocalizedText::en).toList());
        return new LocalizedText(territoryTitle.ru().replace(TERRITORIES, ru), territoryTitle.en().replace(TERRITORIES, en));
    }

    public Optional<Variable> variable(String name) {
        return variables.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public Optional<Widget> widget(String widgetId) {
        return widgets.stream().filter(w -> w.id().equals(widgetId)).findFirst();
    }

    /**
     * Data describing a month is expected {@code graceDays} after the month ends; a screen showing the latest
     * month turns stale once the month after it is that overdue.
     */
    public record Freshness(int graceDays) {
        public static final Freshness MONTHLY = new Freshness(45);

        public Freshness {
            if (graceDays < 0 || graceDays > 3660) {
                throw new IllegalArgumentException("graceDays must be 0..3660, got " + graceDays);
            }
        }
    }
}
