package ru.vitrina.api.dashboards;

import io.javalin.http.Context;
import ru.vitrina.api.format.ContentTypes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Files served from one folder of the class path (the front end, the ECharts webjar, the map). Everything the
 * browser needs comes from the jar: situational centres run on closed networks. Files are read once and kept,
 * with an ETag so a wall screen reloading at night revalidates instead of downloading a megabyte of ECharts.
 */
final class ClasspathAssets {
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "geojson", "application/geo+json; charset=utf-8",
            "map", "application/json; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "md", "text/markdown; charset=utf-8");

    private final String folder;
    private final String cacheControl;
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    /**
     * @param folder       class-path folder without leading or trailing slash, e.g. {@code web}
     * @param cacheControl the header for this folder: immutable for versioned files, revalidate for ours
     */
    ClasspathAssets(String folder, String cacheControl) {
        this.folder = requireNonNull(folder, "folder");
        this.cacheControl = requireNonNull(cacheControl, "cacheControl");
    }

    /** Answers {@code path} (relative to the folder) or 404; never leaves the folder. */
    void serve(Context ctx, String path) {
        Optional<Asset> asset = safe(path) ? find(path) : Optional.empty();
        if (asset.isEmpty()) {
            ctx.status(404).contentType("text/plain; charset=utf-8")
                    .result("Нет такого файла / no such file: " + path);
            return;
        }
        Asset found = asset.get();
        ctx.header("Cache-Control", cacheControl);
        ctx.header("ETag", found.etag());
        ctx.header("X-Content-Type-Options", "nosniff");
        if (found.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ContentTypes.set(ctx, found.type());
        ctx.result(found.bytes());
    }

    Optional<Asset> find(String path) {
        Asset cached = cache.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        URL resource = ClasspathAssets.class.getClassLoader().getResource(folder + "/" + path);
        try {
            // A folder is found too (as its listing); only files are answered.
            if (resource == null || isFolder(resource)) {
                return Optional.empty();
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot look at " + resource, e);
        }
        try (InputStream in = resource.openStream()) {
            byte[] bytes = in.readAllBytes();
            Asset asset = new Asset(bytes, typeOf(path), etag(bytes));
            cache.put(path, asset);
            return Optional.of(asset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + "/" + path, e);
        }
    }

    /**
     * In the jar a folder is an entry of its own; in a build's classes folder (tests, a server started from the IDE)
     * a resource name with a slash added also finds a file, so the file system is asked.
     */
    private static boolean isFolder(URL resource) throws IOException, URISyntaxException {
        if (resource.getProtocol().equals("file")) {
            return Files.isDirectory(Path.of(resource.toURI()));
        }
        URLConnection connection = resource.openConnection();
        return connection instanceof JarURLConnection jar && jar.getJarEntry().isDirectory();
    }

    private static boolean safe(String path) {
        return path != null && !path.isEmpty() && !path.startsWith("/") && !path.contains("..")
                && !path.contains("\\") && !path.contains("//") && !path.endsWith("/");
    }

    private static String typeOf(String path) {
        String extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Asset(byte[] bytes, String type, String etag) {
    }
}
