package ru.vitrina.api.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import ru.vitrina.ingest.demo.ProgressListener;
import ru.vitrina.ingest.load.LoadListener;

import java.util.function.Supplier;

/**
 * Console progress bars for long work: one per stage of generating or writing data, and one per load; a stage that
 * cannot say its total counts up, drawn without a percentage (see {@link StageBarRenderer}).
 */
final class ProgressBars implements ProgressListener, LoadListener, AutoCloseable {
    /** Where each bar is written: the console, or a test's collector; null for the library's console. */
    private final Supplier<ProgressBarConsumer> output;
    private ProgressBar bar;
    private String stage;

    ProgressBars() {
        this(() -> null);
    }

    ProgressBars(Supplier<ProgressBarConsumer> output) {
        this.output = output;
    }

    @Override
    public void progress(String newStage, long done, long total) {
        if (!newStage.equals(stage)) {
            close();
            stage = newStage;
            bar = new ProgressBarBuilder().setTaskName(newStage).setInitialMax(total > 0 ? total : -1)
                    .setStyle(ProgressBarStyle.ASCII).setRenderer(new StageBarRenderer(ProgressBarStyle.ASCII))
                    .setConsumer(output.get()).setUpdateIntervalMillis(250).continuousUpdate().build();
        }
        if (bar == null) {
            return; // the stage has finished; a last repeated report changes nothing
        }
        if (total > 0 && bar.getMax() != total) {
            bar.maxHint(total);
        }
        bar.stepTo(done);
        if (total > 0 && done >= total) {
            // A finished stage stops its clock now, not when the next stage begins.
            bar.close();
            bar = null;
        }
    }

    @Override
    public void progress(String job, long loadId, String stage, long done, long total) {
        progress("загрузка / load " + job + (stage == null ? "" : ": " + stage), done, total);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        stage = null;
    }
}
