package ru.vitrina.ingest.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/** Lineage of drop-folder files: their SHA-256, and which of them a job's published loads have already read. */
public final class SourceFiles {
    private SourceFiles() {
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of a file already read into memory, so that it is read from disk only once. */
    public static String sha256(byte[] content) {
        return HexFormat.of().formatHex(newDigest().digest(content));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Checksums of the files that published loads of {@code job} have read (meta.load_source): those are done. */
    public static Set<String> processed(Connection transaction, String job) throws SQLException {
        Set<String> done = new HashSet<>();
        try (PreparedStatement statement = transaction.prepareStatement("SELECT s.sha256 FROM meta.load_source s"
                + " JOIN meta.load l ON l.load_id = s.load_id WHERE l.job = ? AND l.status = 'published'"
                + " AND s.sha256 IS NOT NULL")) {
            statement.setString(1, job);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    done.add(rows.getString(1));
                }
            }
        }
        return done;
    }
}
