package ru.vitrina.api.cli;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The command line that reproduces a measurement, with the JVM options this process really ran with: the
 * collector and heap change the figures (ZGC against G1 halved the p99 of 64 clients), so a report must not
 * name options it did not use.
 */
final class JavaCommand {
    private JavaCommand() {
    }

    /** {@code java <this JVM's options> -jar api/target/vitrina.jar <arguments>}. */
    static String line(String arguments) {
        List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return "java " + (options.isEmpty() ? "" : String.join(" ", options) + " ") + "-jar api/target/vitrina.jar " + arguments;
    }
}
