package ru.vitrina.api.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import ru.vitrina.api.config.ConfigException;
import ru.vitrina.cubes.load.CubeDefinitionException;
import ru.vitrina.engine.store.StoreException;

/** {@code java -jar vitrina.jar COMMAND}: the one entry point of Vitrina. */
@Command(name = "vitrina",
        mixinStandardHelpOptions = true,
        version = "Vitrina 0.1.0",
        description = {"Витрина: OLAP-сервер и ситуационный центр региона.", "Vitrina: OLAP and situational-centre analytics server."},
        subcommands = {DemoCommand.class, ServeCommand.class, BenchCommand.class, SoakCommand.class, BackupCommand.class, RestoreCommand.class, IngestCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).setExecutionExceptionHandler(Main::explain).execute(args));
    }

    /** A wrong setting, store or cube file is the operator's to fix: one clear line, not a stack trace. */
    private static int explain(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof ConfigException || e instanceof StoreException || e instanceof CubeDefinitionException) {
            command.getErr().println("Ошибка / error: " + e.getMessage());
            return 2;
        }
        throw e;
    }
}
