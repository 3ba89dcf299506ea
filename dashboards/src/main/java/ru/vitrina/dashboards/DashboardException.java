package ru.vitrina.dashboards;

import static java.util.Objects.requireNonNull;

/**
 * A dashboard file that cannot be shown. The message names the file, the widget (when one is at fault) and the
 * problem, so whoever edits the YAML can go straight to the line.
 */
public final class DashboardException extends RuntimeException {
    private final String file;
    private final String widget;
    private final String problem;

    public DashboardException(String file, String widget, String problem) {
        this(file, widget, problem, null);
    }

    public DashboardException(String file, String widget, String problem, Throwable cause) {
        super(message(file, widget, problem), cause);
        this.file = requireNonNull(file, "file");
        this.widget = widget;
        this.problem = requireNonNull(problem, "problem");
    }

    private static String message(String file, String widget, String problem) {
        return file + (widget == null ? "" : ", widget '" + widget + "'") + ": " + problem;
    }

    /** The file as it was named when read, e.g. {@code dashboards/governor.yaml}. */
    public String file() {
        return file;
    }

    /** The widget id, or null when the problem is in the dashboard itself. */
    public String widget() {
        return widget;
    }

    public String problem() {
        return problem;
    }
}
