package ru.vitrina.ingest.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A file-based adapter fed over HTTP: the file at {@code uri} is fetched into a fresh temporary folder, the
 * folder is loaded by the adapter {@code load} makes of it, and the folder is removed. The fetched file keeps the
 * last segment of the URL as its name, so lineage (name and SHA-256) reads the same as for a dropped file, and a
 * file already loaded is skipped by its checksum just the same.
 */
public final class Download implements SourceLoad {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final String job;
    private final URI uri;
    private final Function<Path, SourceLoad> load;

    public Download(String job, URI uri, Function<Path, SourceLoad> load) {
        this.job = requireNonNull(job, "job");
        this.uri = requireNonNull(uri, "uri");
        this.load = requireNonNull(load, "load");
    }

    @Override
    public String job() {
        return job;
    }

    @Override
    public List<TableCounts> load(LoadContext context) throws Exception {
        try (WorkFolder work = WorkFolder.create(job)) {
            Path folder = work.path();
            String path = uri.getPath() == null ? "" : uri.getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            Path file = folder.resolve(name.isBlank() ? job + ".download" : name);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<Path> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(file));
            if (response.statusCode() != 200) {
                throw new IOException("Источник " + uri + " ответил " + response.statusCode() + " / the source answered "
                        + response.statusCode());
            }
            return load.apply(folder).load(context);
        }
    }
}
