package ru.vitrina.api.cli;

import me.tongfei.progressbar.DefaultProgressBarRenderer;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The console bar of one stage. A stage whose total is known is drawn as the library draws it (percent, bar, done of
 * total, elapsed and remaining time). One whose total is not known — the runner's «публикация / publishing», or any
 * stage before its source says how much there is — would be drawn as {@code ? % […] 12345/? (0:00:03 / ?)}: it is
 * drawn instead as a marker going to and fro, the rows so far and the time it has taken, with nothing unknown shown.
 */
final class StageBarRenderer extends DefaultProgressBarRenderer {
    /** How far the marker of an indeterminate bar moves in a second, in characters. */
    private static final int STEPS_PER_SECOND = 4;
    private static final String MARKER = "<=>";

    StageBarRenderer(ProgressBarStyle style) {
        super(style, "", 1, false, null, ChronoUnit.SECONDS, true, StageBarRenderer::linearEta);
    }

    @Override
    public String render(ProgressState state, int maxLength) {
        if (!state.isIndefinite()) {
            return super.render(state, maxLength);
        }
        Duration elapsed = state.getTotalElapsed();
        String prefix = state.getTaskName() + " [";
        String suffix = "] " + String.format(java.util.Locale.ROOT, "%,d", state.getCurrent()).replace(',', ' ')
                + " строк / rows (" + clock(elapsed) + ")";
        int available = maxLength > 0 ? maxLength - prefix.length() - suffix.length() : 40;
        int width = Math.max(MARKER.length() + 2, Math.min(40, available));
        int room = width - MARKER.length();
        long step = elapsed.toMillis() * STEPS_PER_SECOND / 1000;
        int at = (int) (step % (2L * room));
        at = at <= room ? at : 2 * room - at;
        return prefix + " ".repeat(at) + MARKER + " ".repeat(room - at) + suffix;
    }

    /** Remaining time at the pace so far, as the library's default estimate; none before the first step. */
    private static Optional<Duration> linearEta(ProgressState state) {
        long done = state.getCurrent() - state.getStart();
        if (state.isIndefinite() || state.getMax() <= 0 || done <= 0) {
            return Optional.empty();
        }
        return Optional.of(state.getElapsedAfterStart().dividedBy(done).multipliedBy(state.getMax() - state.getCurrent()));
    }

    private static String clock(Duration elapsed) {
        return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", elapsed.toHours(), elapsed.toMinutesPart(), elapsed.toSecondsPart());
    }
}
