package ru.vitrina.ingest.population;

import org.duckdb.DuckDBAppender;
import ru.vitrina.engine.store.TableAppender;
import ru.vitrina.ingest.load.BoundedXml;
import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.LoadRefused;
import ru.vitrina.ingest.load.Rejection;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.SourceLocation;
import ru.vitrina.ingest.load.TableCounts;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Loads Rosstat's population figures (ЕМИСС SDMX-ML generic data message) into ref.population, replacing the
 * figures of the territories and years the message carries (estimated = false, source «ЕМИСС»).
 *
 * <p>Read by StAX, one observation at a time. The OKTMO comes from the series key value whose concept (SDMX 2.0)
 * or id (SDMX 2.1) is OKTMO; the year from {@code generic:ObsDimension} (2.1) or {@code generic:Time} (2.0).
 * An observation outside any series, for an OKTMO that ref.territory does not know, with a year that is not a year,
 * a value that is not a positive whole number or is beyond BIGINT, a value over 1 MB ({@link BoundedXml}), or a
 * second figure for the same territory and year goes to quarantine. A message that breaks off (malformed XML)
 * keeps the observations before the break; the rest is one quarantined record positioned at the line and column
 * of the break. A file whose root element is not {@code GenericData} (an HTML error page saved under the export's
 * name, say), or a message without a single observation, fails the load: publishing it would change nothing but
 * say the export was read.
 */
public final class EmissPopulationLoad implements SourceLoad {
    public static final String JOB = "population";
    public static final String TABLE = "ref.population";
    public static final String SOURCE = "ЕМИСС";
    /** ref.population.population is a BIGINT. */
    private static final BigDecimal MAX_POPULATION = BigDecimal.valueOf(Long.MAX_VALUE);

    private final Path path;

    /** @param path the SDMX-ML file, or a drop folder whose last *.xml file by name (the newest export) is read */
    public EmissPopulationLoad(Path path) {
        this.path = requireNonNull(path, "path");
    }

    @Override
    public String job() {
        return JOB;
    }

    @Override
    public List<TableCounts> load(LoadContext context) throws Exception {
        requireNonNull(context, "context");
        Connection transaction = context.transaction();
        Set<String> territories = territories(transaction);
        try (Statement statement = transaction.createStatement()) {
            // Also opens the transaction, which the appender below only joins once a statement has started it.
            statement.execute("CREATE OR REPLACE TEMP TABLE population_staging (oktmo VARCHAR, year INTEGER, population BIGINT)");
        }
        Path file = Files.isDirectory(path) ? newest(path) : path;
        String source = file.getFileName().toString();
        Counter counter = new Counter();
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha);
             TableAppender staging = TableAppender.temporary(transaction, "population_staging")) {
            DuckDBAppender appender = staging.rows();
            Set<String> seen = new HashSet<>();
            String oktmo = null;
            String year = null;
            String value = null;
            int obsLine = 0;
            boolean inKey = false;
            boolean inSeries = false;
            boolean rootSeen = false;
            long cutsAtSeries = 0;
            long cutsAtObs = 0;
            try {
                BoundedXml bounded = BoundedXml.open(in);
                XMLStreamReader xml = bounded.reader();
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        if (!rootSeen) {
                            rootSeen = true;
                            notSdmxUnless(xml.getLocalName().equals("GenericData"), source, "<" + shortName(xml) + ">");
                        }
                        switch (xml.getLocalName()) {
                            case "Series" -> {
                                oktmo = null;
                                inSeries = true;
                                cutsAtSeries = bounded.cuts();
                            }
                            case "SeriesKey" -> inKey = true;
                            case "Value" -> {
                                String concept = attribute(xml, "concept", "id");
                                if (inKey && concept != null && concept.equalsIgnoreCase("OKTMO")) {
                                    oktmo = xml.getAttributeValue(null, "value");
                                }
                            }
                            case "Obs" -> {
                                year = null;
                                value = null;
                                obsLine = xml.getLocation().getLineNumber();
                                cutsAtObs = bounded.cuts();
                            }
                            case "ObsDimension" -> year = xml.getAttributeValue(null, "value");
                            case "Time" -> year = bounded.elementText();
                            case "ObsValue" -> value = xml.getAttributeValue(null, "value");
                            default -> {
                            }
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        switch (xml.getLocalName()) {
                            case "SeriesKey" -> inKey = false;
                            case "Series" -> {
                                // An observation after the series must not take its OKTMO.
                                inSeries = false;
                                oktmo = null;
                            }
                            case "Obs" -> {
                                counter.read++;
                                String raw = "OKTMO=" + oktmo + "; year=" + year + "; value=" + value;
                                boolean cut = bounded.cuts() != (inSeries ? cutsAtSeries : cutsAtObs);
                                String reason = !inSeries ? "Наблюдение вне ряда (generic:Series), ОКТМО неизвестен"
                                        + " / observation outside any series, no OKTMO"
                                        : cut ? "Слишком длинное значение (больше " + (BoundedXml.MAX_VALUE >> 20)
                                        + " МБ), не прочитано / value too long (over " + (BoundedXml.MAX_VALUE >> 20) + " MB), not read"
                                        : check(oktmo, year, value, territories, seen);
                                if (reason != null) {
                                    counter.quarantined++;
                                    context.quarantine(new Rejection(TABLE, new SourceLocation(source, "line " + obsLine), raw, reason));
                                } else {
                                    appender.beginRow().append(oktmo.strip()).append(Integer.parseInt(year.strip()))
                                            .append(number(value).longValueExact()).endRow();
                                    counter.loaded++;
                                }
                                context.progress(counter.read, -1);
                            }
                            default -> {
                            }
                        }
                    }
                }
            } catch (XMLStreamException e) {
                // Before its first element a file is not an SDMX message that broke off but no SDMX message at all.
                notSdmxUnless(rootSeen, source, "не XML / not XML: " + BoundedXml.reason(e));
                counter.read++;
                counter.quarantined++;
                context.quarantine(new Rejection(TABLE, new SourceLocation(source, BoundedXml.position(e)),
                        "(остаток файла / rest of the file)", BoundedXml.reason(e)));
            }
            if (counter.read == 0) {
                throw new LoadRefused("В сообщении SDMX " + source + " нет ни одного наблюдения (generic:Obs), данные не"
                        + " изменены / the SDMX message " + source + " holds no observation (generic:Obs), nothing changed");
            }
            in.transferTo(java.io.OutputStream.nullOutputStream()); // the checksum covers the whole file
        }
        context.sourceFile(source, HexFormat.of().formatHex(sha.digest()));
        try (Statement statement = transaction.createStatement()) {
            statement.execute("DELETE FROM ref.population p USING population_staging s WHERE p.oktmo = s.oktmo AND p.year = s.year");
            statement.execute("INSERT INTO ref.population (oktmo, year, population, estimated, source, load_id)"
                    + " SELECT oktmo, year, population, false, '" + SOURCE + "', " + context.loadId()
                    + " FROM population_staging ORDER BY oktmo, year");
            statement.execute("DROP TABLE population_staging");
        }
        return List.of(new TableCounts(TABLE, counter.read, counter.loaded, counter.quarantined));
    }

    private static void notSdmxUnless(boolean sdmx, String source, String found) {
        if (!sdmx) {
            throw new LoadRefused("Файл " + source + " не сообщение SDMX-ML ЕМИСС: ожидался корневой элемент"
                    + " <message:GenericData>, а в файле " + found + " / " + source + " is not an ЕМИСС SDMX-ML message:"
                    + " expected the root element <message:GenericData>");
        }
    }

    private static String shortName(XMLStreamReader xml) {
        String prefix = xml.getPrefix() == null || xml.getPrefix().isEmpty() ? "" : xml.getPrefix() + ":";
        String name = prefix + xml.getLocalName();
        return name.length() > 100 ? name.substring(0, 100) + "…" : name;
    }

    private static Path newest(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xml"))
                    .max(java.util.Comparator.comparing(f -> f.getFileName().toString()))
                    .orElseThrow(() -> new IOException("В папке " + folder + " нет файлов *.xml / no *.xml file in " + folder));
        }
    }

    private static String check(String oktmo, String year, String value, Set<String> territories, Set<String> seen) {
        if (oktmo == null || oktmo.isBlank()) {
            return "Нет кода ОКТМО в ключе ряда / no OKTMO in the series key";
        }
        if (!territories.contains(oktmo.strip())) {
            return "Неизвестный ОКТМО " + oktmo + " / unknown OKTMO";
        }
        int y;
        try {
            y = Integer.parseInt(year == null ? "" : year.strip());
        } catch (NumberFormatException e) {
            return "Год не число: «" + year + "» / year is not a number";
        }
        if (y < 1900 || y > 2100) {
            return "Год вне диапазона 1900–2100: " + y + " / year out of range";
        }
        BigDecimal number = number(value);
        if (number == null) {
            return "Значение не число: «" + value + "» / value is not a number";
        }
        if (number.signum() <= 0 || number.stripTrailingZeros().scale() > 0) {
            return "Численность должна быть целым положительным числом: " + value + " / population must be a positive whole number";
        }
        if (number.compareTo(MAX_POPULATION) > 0) {
            return "Число вне допустимого диапазона (больше " + MAX_POPULATION + "): " + value + " / number out of range";
        }
        if (!seen.add(oktmo.strip() + "/" + y)) {
            return "Повтор: второе значение для ОКТМО " + oktmo + " за " + y + " / duplicate figure for the territory and year";
        }
        return null;
    }

    /** A number as Russian statistics print it: spaces (also non-breaking) between thousands, decimal comma. */
    static BigDecimal number(String text) {
        if (text == null) {
            return null;
        }
        String plain = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(',', '.');
        if (plain.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(plain);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String attribute(XMLStreamReader xml, String first, String second) {
        String value = xml.getAttributeValue(null, first);
        return value != null ? value : xml.getAttributeValue(null, second);
    }

    private static Set<String> territories(Connection transaction) throws SQLException {
        Set<String> codes = new HashSet<>();
        try (Statement statement = transaction.createStatement();
             ResultSet rows = statement.executeQuery("SELECT oktmo FROM ref.territory")) {
            while (rows.next()) {
                codes.add(rows.getString(1));
            }
        }
        return codes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static final class Counter {
        long read;
        long loaded;
        long quarantined;
    }
}
