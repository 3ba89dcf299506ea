package ru.vitrina.dashboards;

/** Where a widget sits on the dashboard grid: column {@code x}, row {@code y}, {@code w} columns wide, {@code h} rows high. */
public record GridPosition(int x, int y, int w, int h) {
    public GridPosition {
        if (x < 0 || y < 0 || w < 1 || h < 1) {
            throw new IllegalArgumentException("grid needs x, y >= 0 and w, h >= 1, got x=" + x + " y=" + y + " w=" + w + " h=" + h);
        }
    }

    boolean overlaps(GridPosition other) {
        return x < other.x + other.w && other.x < x + w && y < other.y + other.h && other.y < y + h;
    }
}
