package ru.vitrina.dashboards;

/**
 * The grid of a screen. A wall screen has a fixed number of rows so the layout fills 1920×1080 or 3840×2160
 * without scrolling: the grid is scaled to the viewport, never scrolled.
 */
public record Layout(int columns, int rows) {
    public static final Layout DEFAULT = new Layout(12, 6);

    public Layout {
        if (columns < 1 || columns > 48 || rows < 1 || rows > 48) {
            throw new IllegalArgumentException("layout needs 1..48 columns and rows, got " + columns + "×" + rows);
        }
    }
}
