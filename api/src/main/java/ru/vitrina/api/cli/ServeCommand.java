package ru.vitrina.api.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ru.vitrina.api.config.ConfigFile;
import ru.vitrina.api.config.VitrinaConfig;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vitrina serve --config vitrina.yaml}: serves an existing store. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Запускает сервер над существующим хранилищем.", "Serves an existing store."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", description = "vitrina.yaml (see docs/OPERATIONS.md); defaults otherwise")
    Path config;

    @Option(names = "--port", description = "overrides server.port")
    Integer port;

    @Override
    public Integer call() {
        VitrinaConfig settings = config == null
                ? ConfigFile.fromEnvironment(VitrinaConfig.DEMO, System.getenv())
                : ConfigFile.read(config, System.getenv());
        if (port != null) {
            settings = settings.withPort(port);
        }
        return ServerRunner.runUntilStopped(settings);
    }
}
