package ru.vitrina.ingest.reference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The reference CSV files shipped on the classpath under {@code /reference/} (module cubes).
 * Small files are parsed here; big ones are handed to DuckDB's own CSV reader as temporary files,
 * because read_csv cannot see inside a jar.
 */
public final class ReferenceFiles {
    /** Classpath folder of the reference files. */
    public static final String FOLDER = "/reference/";

    private final Class<?> anchor;

    public ReferenceFiles() {
        this(ReferenceFiles.class);
    }

    /** Reads resources through {@code anchor}'s class loader (tests may point elsewhere). */
    public ReferenceFiles(Class<?> anchor) {
        this.anchor = requireNonNull(anchor, "anchor");
    }

    /** The rows of a small CSV file as column-name → value maps, in file order. */
    public List<Map<String, String>> rows(String fileName) {
        return parse(text(fileName), fileName);
    }

    /** Copies {@code fileName} into {@code folder} so that DuckDB can read it; returns the copy. */
    public Path extract(String fileName, Path folder) {
        requireNonNull(folder, "folder");
        try (InputStream in = open(fileName)) {
            Path target = folder.resolve(fileName);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the reference file " + fileName, e);
        }
    }

    /** Hex SHA-256 of the file as shipped, for the load's lineage (meta.load_source). */
    public String sha256(String fileName) {
        return MetaLoad.sha256(bytes(fileName));
    }

    private String text(String fileName) {
        return new String(bytes(fileName), StandardCharsets.UTF_8);
    }

    private byte[] bytes(String fileName) {
        try (InputStream in = open(fileName)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the reference file " + fileName, e);
        }
    }

    private InputStream open(String fileName) {
        requireNonNull(fileName, "fileName");
        InputStream in = anchor.getResourceAsStream(FOLDER + fileName);
        if (in == null) {
            throw new IllegalStateException("Reference file " + FOLDER + fileName
                    + " is not on the classpath (module vitrina-cubes)");
        }
        return in;
    }

    /** RFC 4180: comma-separated, fields optionally in double quotes, "" inside quotes is a quote. */
    static List<Map<String, String>> parse(String text, String fileName) {
        List<List<String>> records = records(text.startsWith("\uFEFF") ? text.substring(1) : text);
        if (records.isEmpty()) {
            return List.of();
        }
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>(records.size() - 1);
        for (int r = 1; r < records.size(); r++) {
            List<String> record = records.get(r);
            if (record.size() != header.size()) {
                throw new IllegalStateException(fileName + " line " + (r + 1) + ": " + record.size()
                        + " fields, the header has " + header.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), record.get(c));
            }
            rows.add(Collections.unmodifiableMap(row));
        }
        return Collections.unmodifiableList(rows);
    }

    private static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                fieldStarted = true;
            } else if (ch == ',') {
                record.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || field.length() > 0 || !record.isEmpty()) {
                    record.add(field.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
            } else {
                field.append(ch);
                fieldStarted = true;
            }
        }
        if (fieldStarted || field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
