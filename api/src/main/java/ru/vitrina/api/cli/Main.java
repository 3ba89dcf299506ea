package ru.vitrina.api.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar vitrina.jar COMMAND}: the one entry point of Vitrina. */
@Command(name = "vitrina",
        mixinStandardHelpOptions = true,
        version = "Vitrina 0.1.0",
        description = {"Витрина: OLAP-сервер и ситуационный центр региона.", "Vitrina: OLAP and situational-centre analytics server."},
        subcommands = {DemoCommand.class, ServeCommand.class, BenchCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
