package ru.vitrina.api.cli;

import ru.vitrina.api.config.VitrinaConfig;
import ru.vitrina.api.server.Application;
import ru.vitrina.api.server.VitrinaServer;
import ru.vitrina.engine.store.Store;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/** Starts the server over the configured store and keeps it running until the process is told to stop. */
final class ServerRunner {
    private ServerRunner() {
    }

    static int runUntilStopped(VitrinaConfig config) {
        Store store = Store.open(config.store());
        Application application = Application.open(config, store);
        java.util.Map<String, String> created;
        try {
            created = application.security().bootstrap();
        } catch (IllegalStateException e) {
            application.close();
            store.close();
            System.err.println(e.getMessage());
            return 2;
        }
        VitrinaServer server = new VitrinaServer(application).start(config.host(), config.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            application.close();
            store.close();
            stopped.countDown();
        }, "vitrina-shutdown"));
        printUrls(System.out, server.port());
        printUsers(System.out, created);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The users made at first start, with their passwords: shown this once, stored only as argon2id hashes. */
    static void printUsers(PrintStream out, java.util.Map<String, String> created) {
        if (created.isEmpty()) {
            return;
        }
        out.println("Созданы пользователи (пароли показаны один раз) / users created, passwords shown once:");
        created.forEach((login, password) -> out.println("  " + login + "  " + password));
        out.println("Вход / sign in: /login; токен для скриптов / API token: POST /api/v1/auth/tokens");
    }

    static void printUrls(PrintStream out, int port) {
        String base = "http://localhost:" + port;
        out.println();
        out.println("Витрина работает / Vitrina is running:");
        out.println("  Панели (dashboards):      " + base + "/");
        out.println("  Метаданные кубов (meta):  " + base + "/api/v1/meta");
        out.println("  Запросы (query API):      " + base + "/api/v1/load   (Cube: " + base + "/cubejs-api/v1/load)");
        out.println("  SQL:                      " + base + "/api/v1/sql");
        out.println("  JDBC (Avatica):           jdbc:avatica:remote:url=" + base + "/avatica;serialization=json");
        out.println("Остановить / stop: Ctrl+C");
    }
}
