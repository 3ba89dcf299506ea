package ru.vitrina.ingest.procurement;

import org.duckdb.DuckDBAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.engine.store.TableAppender;
import ru.vitrina.ingest.demo.TaxIds;
import ru.vitrina.ingest.load.BlockFilterInputStream;
import ru.vitrina.ingest.load.BoundedXml;
import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.Rejection;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.SourceFiles;
import ru.vitrina.ingest.load.SourceLocation;
import ru.vitrina.ingest.load.TableCounts;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import static java.util.Objects.requireNonNull;

/**
 * Loads 44-ФЗ contracts from ЕИС export archives ({@code *.zip} of XML files) found in a drop folder into
 * procurement.contract, replacing contracts by registry number.
 *
 * <p>A file whose SHA-256 is already recorded by a published procurement load (meta.load_source) is skipped,
 * so the folder can keep its files. Each XML file is read by StAX, one contract at a time, never as a DOM, through
 * {@link BoundedXml}: no value over 1 MB and no ZIP entry over {@link #MAX_ENTRY} bytes uncompressed is read into
 * memory. A loose {@code *.xml} file in the folder is read as an archive's entry would be; a {@code *.part} file (an
 * upload in progress) is left for a later run; a file of another name is read if it starts as a ZIP does, else it is
 * one quarantined record.
 *
 * <p>What goes to quarantine, each with archive!entry, contract number and line: a registry number that is not
 * 19 digits; customer ИНН/КПП or supplier ИНН failing their checksums; an unknown procurement method; a customer
 * OKTMO that ref.territory does not know; no item, or an OKPD2 class missing from ref.okpd2_class; a price, initial
 * price or item sum that is not an amount of DECIMAL(18,2) (an xs:decimal: no exponent, at most two non-zero
 * decimals) or a price that is not positive; a version that is not a whole number; a bad signing date; an unknown
 * contract stage; a value over 1 MB. A contract price above the initial price is loaded with a warning in the log.
 * An archive that cannot be opened (truncated, not a ZIP) or holds no file is one quarantined record and nothing of
 * it is loaded; so is an entry that is a nested archive or not {@code *.xml} (by name, in any case). An entry's
 * contracts are loaded only if the entry was read to its end and its CRC-32 matched; otherwise (CRC mismatch,
 * damaged, over {@link #MAX_ENTRY}) they are quarantined with that reason, and the unread rest of the entry is one
 * more record. An XML file that breaks off keeps the contracts before the break, and its rest is one quarantined
 * record at the line and column of the break. Several versions of one contract in an extract: the highest
 * versionNumber (then the last read) wins, the others count as loaded and superseded.
 */
public final class EisContractLoad implements SourceLoad {
    public static final String JOB = "procurement";
    public static final String TABLE = "procurement.contract";

    private static final Logger LOG = LoggerFactory.getLogger(EisContractLoad.class);
    private static final Pattern REG_NUM = Pattern.compile("\\d{19}");
    private static final Pattern OKPD2 = Pattern.compile("(\\d{2})(\\.\\d{1,3})*");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern VERSION = Pattern.compile("\\d{1,9}");
    /** The most uncompressed bytes read of one ZIP entry: real entries are a few MB, a ZIP bomb is not read through. */
    static final long MAX_ENTRY = 256L << 20;
    private static final int UNSTAGE_PAGE = 10_000;

    private final Path dropFolder;

    /** @param dropFolder a folder of ZIP archives, or one archive */
    public EisContractLoad(Path dropFolder) {
        this.dropFolder = requireNonNull(dropFolder, "dropFolder");
    }

    @Override
    public String job() {
        return JOB;
    }

    @Override
    public List<TableCounts> load(LoadContext context) throws Exception {
        requireNonNull(context, "context");
        Connection transaction = context.transaction();
        References references = References.read(transaction);
        Set<String> processed = SourceFiles.processed(transaction, JOB);
        List<Path> files;
        if (!Files.isDirectory(dropFolder)) {
            files = List.of(dropFolder);
        } else {
            try (Stream<Path> listed = Files.list(dropFolder)) {
                files = listed.filter(f -> !Files.isDirectory(f)).sorted().toList();
            }
        }
        try (Statement statement = transaction.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE contract_staging (ordinal BIGINT, version INTEGER,"
                    + " reg_number VARCHAR, customer_inn VARCHAR, customer_kpp VARCHAR, customer_name VARCHAR, oktmo VARCHAR,"
                    + " supplier_inn VARCHAR, supplier_is_smb BOOLEAN, method_code VARCHAR, okpd2_code VARCHAR,"
                    + " initial_price DECIMAL(18,2), contract_price DECIMAL(18,2), sign_date DATE, status VARCHAR,"
                    + " contract_no INTEGER, line INTEGER)");
        }
        Counts counts = new Counts();
        try (TableAppender staging = TableAppender.temporary(transaction, "contract_staging")) {
            SourceReader reader = new SourceReader(references, context, staging.rows(), counts);
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                String name = file.getFileName().toString();
                if (name.toLowerCase(Locale.ROOT).endsWith(".part")) {
                    // An upload still in progress: it is read once renamed to its final name.
                    LOG.info("Файл {} ещё загружается, пропущен / still being uploaded, skipped", name);
                    continue;
                }
                String checksum = SourceFiles.sha256(file);
                if (processed.contains(checksum)) {
                    LOG.info("Файл {} уже загружен, пропущен / already loaded, skipped", name);
                    continue;
                }
                context.sourceFile(name, checksum);
                reader.read(file, !Files.isDirectory(dropFolder));
                context.progress(i + 1, files.size());
            }
        }
        try (Statement statement = transaction.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE contract_latest AS SELECT * FROM contract_staging"
                    + " QUALIFY row_number() OVER (PARTITION BY reg_number ORDER BY version DESC, ordinal DESC) = 1");
            statement.execute("DELETE FROM procurement.contract c USING contract_latest s WHERE c.reg_number = s.reg_number");
            statement.execute("INSERT INTO procurement.contract SELECT reg_number, customer_inn, customer_kpp, customer_name,"
                    + " oktmo, supplier_inn, supplier_is_smb, method_code, okpd2_code, initial_price, contract_price,"
                    + " sign_date, status, " + context.loadId() + " FROM contract_latest ORDER BY reg_number");
            statement.execute("DROP TABLE contract_latest");
            statement.execute("DROP TABLE contract_staging");
        }
        if (counts.warnings > 0) {
            LOG.warn("{} контрактов с ценой выше НМЦК загружены с предупреждением / contracts priced above the initial"
                    + " price loaded with a warning", counts.warnings);
        }
        return List.of(new TableCounts(TABLE, counts.read, counts.loaded, counts.quarantined));
    }

    private static final class Counts {
        long read;
        long loaded;
        long quarantined;
        long warnings;
        long ordinal;
    }

    /** Codes the contracts must refer to; OKTMO of settlements map to their municipality. */
    private record References(Map<String, String> municipalityOf, Set<String> okpd2Classes, Set<String> methods) {
        static References read(Connection connection) throws SQLException {
            Map<String, String> municipality = new HashMap<>();
            Set<String> okpd2 = new HashSet<>();
            Set<String> methods = new HashSet<>();
            try (Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT oktmo, municipality_oktmo FROM ref.territory WHERE municipality_oktmo IS NOT NULL")) {
                    while (rows.next()) {
                        municipality.put(rows.getString(1), rows.getString(2));
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT code FROM ref.okpd2_class")) {
                    while (rows.next()) {
                        okpd2.add(rows.getString(1));
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT code FROM ref.procurement_method")) {
                    while (rows.next()) {
                        methods.add(rows.getString(1));
                    }
                }
            }
            return new References(municipality, okpd2, methods);
        }

        /** 8-digit municipality of an 8- or 11-digit OKTMO (11 digits: a settled place within the 8-digit one). */
        String municipality(String oktmo) {
            if (oktmo == null) {
                return null;
            }
            String found = municipalityOf.get(oktmo);
            return found != null || oktmo.length() != 11 ? found : municipalityOf.get(oktmo.substring(0, 8));
        }
    }

    /** The fields of one contract as read, before validation. */
    private static final class ContractFields {
        String regNum;
        String version;
        String signDate;
        String customerInn;
        String customerKpp;
        String customerName;
        String oktmo;
        String method;
        String initialPrice;
        String price;
        String supplierInn;
        String supplierSmb;
        String stage;
        boolean terminated;
        String mainOkpd2;
        BigDecimal mainSum;
        String productOkpd2;
        String productSum;
        int products;
        /** The first item sum that is not an amount; null when all are. */
        String badSum;
        /** The first field whose value was over {@link BoundedXml#MAX_VALUE}; "" for a value outside the fields read. */
        String tooLong;

        String raw() {
            return "regNum=" + regNum + "; version=" + version + "; signDate=" + signDate + "; customer inn=" + customerInn
                    + ", kpp=" + customerKpp + ", name=" + customerName + ", OKTMO=" + oktmo + "; placingWay=" + method
                    + "; maxPrice=" + initialPrice + "; price=" + price + "; supplier inn=" + supplierInn + ", isSMP="
                    + supplierSmb + "; OKPD2=" + mainOkpd2 + " (" + products + " items); stage=" + stage
                    + (terminated ? "; termination" : "");
        }

        void endProduct() {
            products++;
            BigDecimal sum = amount(productSum);
            if (sum == null && productSum != null && badSum == null) {
                badSum = productSum;
            }
            // The main item is the one with the largest sum; the first wins a tie or when sums are missing.
            if (mainOkpd2 == null || (sum != null && (mainSum == null || sum.compareTo(mainSum) > 0))) {
                mainOkpd2 = productOkpd2;
                mainSum = sum;
            }
            productOkpd2 = null;
            productSum = null;
        }
    }

    /** Reads the archives and loose XML files; contracts go to the staging appender, rejections to the context. */
    private static final class SourceReader {
        private final References references;
        private final LoadContext context;
        private final DuckDBAppender appender;
        private final Counts counts;

        SourceReader(References references, LoadContext context, DuckDBAppender appender, Counts counts) {
            this.references = references;
            this.context = context;
            this.appender = appender;
            this.counts = counts;
        }

        /**
         * Reads a ZIP archive (by its name or its first bytes) or, by its name, a loose XML file; {@code anyName}
         * reads any other file as a ZIP too (one file named to the load: what is not a ZIP is then a damaged one).
         */
        void read(Path file, boolean anyName) throws IOException, SQLException {
            String name = file.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".xml")) {
                // A contract file dropped without its archive reads as an entry would, less the CRC it has none of.
                try (InputStream in = new Source(Files.newInputStream(file), Long.MAX_VALUE)) {
                    Break broken = readXml(in, name);
                    if (broken != null) {
                        throw broken.cause();
                    }
                }
            } else if (anyName || lower.endsWith(".zip") || isZip(file)) {
                readArchive(file, name);
            } else {
                reject(new SourceLocation(name, "файл / file"), "(файл целиком / whole file)",
                        "Не архив ZIP и не XML-файл, не прочитан / neither a ZIP archive nor an XML file, not read");
            }
        }

        /** By its first bytes: a download is saved under its URL's last segment, which need not end in .zip. */
        private static boolean isZip(Path file) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] head = in.readNBytes(4);
                return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
            }
        }

        private void readArchive(Path archive, String name) throws IOException, SQLException {
            // ZipFile needs the central directory at the end of the archive, so a truncated transfer is caught before
            // any contract of it is staged (ZipInputStream would silently stop at the last complete entry).
            ZipFile zip;
            try {
                zip = new ZipFile(archive.toFile());
            } catch (ZipException e) {
                reject(new SourceLocation(name, "архив / archive"), "(архив целиком / whole archive)",
                        "Архив повреждён или обрезан, не загружен / archive is truncated or damaged, not loaded: " + e.getMessage());
                return;
            }
            try (zip) {
                boolean empty = true;
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.isDirectory()) {
                        continue;
                    }
                    empty = false;
                    String source = name + "!/" + entry.getName();
                    String lower = entry.getName().toLowerCase(Locale.ROOT);
                    if (lower.endsWith(".zip")) {
                        reject(new SourceLocation(source, "запись архива / archive entry"), "(запись целиком / whole entry)",
                                "Вложенный архив не читается / nested archive not read");
                    } else if (!lower.endsWith(".xml")) {
                        reject(new SourceLocation(source, "запись архива / archive entry"), "(запись целиком / whole entry)",
                                "Не XML-файл, не прочитан / not an XML entry, not read");
                    } else {
                        readEntry(zip, entry, source);
                    }
                }
                if (empty) {
                    reject(new SourceLocation(name, "архив / archive"), "(архив целиком / whole archive)",
                            "Пустой архив, в нём нет файлов / empty archive, it holds no files");
                }
            }
        }

        /**
         * Reads one XML entry. Its contracts are kept only if the entry was read to its end and its CRC-32 matched
         * (ZipFile checks none): a STORED entry with a changed byte inflates without error. The mismatch is known only
         * at the entry's end, so its contracts, already staged, are then taken back out into quarantine.
         */
        private void readEntry(ZipFile zip, ZipEntry entry, String source) throws IOException, SQLException {
            long firstOrdinal = counts.ordinal;
            Break broken;
            CRC32 crc = new CRC32();
            // Opening can fail too (a bad local header): that is the entry's damage, not the load's.
            try (InputStream in = new CheckedInputStream(new Source(zip.getInputStream(entry), MAX_ENTRY), crc)) {
                broken = readXml(in, source);
                if (broken == null) {
                    in.transferTo(OutputStream.nullOutputStream()); // the CRC covers the whole entry
                }
            } catch (IOException e) {
                broken = new Break("запись архива / archive entry", "(остаток записи / rest of the entry)", e);
            }
            String reason;
            if (broken == null) {
                if (crc.getValue() == entry.getCrc()) {
                    return;
                }
                reason = "Контрольная сумма записи архива не сходится, запись не загружена / ZIP entry CRC mismatch,"
                        + " the entry was not loaded";
            } else if (broken.cause() instanceof Source.TooLarge) {
                reason = "Запись архива больше " + (MAX_ENTRY >> 20) + " МБ после распаковки, не загружена / ZIP entry"
                        + " larger than " + (MAX_ENTRY >> 20) + " MB uncompressed, not loaded";
            } else {
                reason = "Запись архива повреждена, не загружена / damaged ZIP entry, not loaded: " + broken.cause().getMessage();
            }
            unstage(firstOrdinal, source, reason);
            if (broken != null) {
                reject(new SourceLocation(source, broken.position()), broken.raw(), reason);
            }
        }

        /** Moves the contracts staged since {@code firstOrdinal} (all of one entry) to quarantine. */
        private void unstage(long firstOrdinal, String source, String reason) throws SQLException {
            if (counts.ordinal == firstOrdinal) {
                return;
            }
            appender.flush();
            Connection transaction = context.transaction();
            // A page at a time, its result closed before quarantining: the runner writes each rejection through
            // this same connection at once, and an entry may hold many contracts.
            List<Rejection> page = new ArrayList<>();
            long from = firstOrdinal;
            do {
                page.clear();
                try (PreparedStatement select = transaction.prepareStatement("SELECT ordinal, contract_no, line,"
                        + " 'regNum=' || reg_number || '; version=' || version || '; signDate=' || sign_date"
                        + " || '; customer inn=' || customer_inn || ', kpp=' || customer_kpp || ', name=' || customer_name"
                        + " || ', municipality=' || oktmo || '; placingWay=' || method_code || '; maxPrice=' || initial_price"
                        + " || '; price=' || contract_price || '; supplier inn=' || supplier_inn || ', isSMP=' || supplier_is_smb"
                        + " || '; OKPD2 class=' || okpd2_code || '; status=' || status"
                        + " FROM contract_staging WHERE ordinal >= ? ORDER BY ordinal LIMIT " + UNSTAGE_PAGE)) {
                    select.setLong(1, from);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            from = rows.getLong(1) + 1;
                            page.add(new Rejection(TABLE, contractLocation(source, rows.getInt(2), rows.getInt(3)),
                                    rows.getString(4), reason));
                        }
                    }
                }
                for (Rejection rejection : page) {
                    counts.loaded--;
                    counts.quarantined++;
                    context.quarantine(rejection);
                }
            } while (page.size() == UNSTAGE_PAGE);
            try (PreparedStatement delete = transaction.prepareStatement("DELETE FROM contract_staging WHERE ordinal >= ?")) {
                delete.setLong(1, firstOrdinal);
                delete.executeUpdate();
            }
        }

        private static SourceLocation contractLocation(String source, int number, int line) {
            return new SourceLocation(source, "контракт / contract " + number + ", line " + line);
        }

        /**
         * Reads the contracts of one XML file. A syntax error quarantines the rest of the file and returns null, as
         * does the file's end; a failure of the bytes under the parser (a damaged or over-long ZIP entry) is returned
         * for the caller, which knows what the bytes are.
         */
        private Break readXml(InputStream in, String source) throws SQLException {
            int contractNumber = 0;
            int contractLine = 0;
            long cutsAtContract = 0;
            ContractFields c = null;
            String parent = null;
            boolean inCustomer = false;
            boolean inSupplier = false;
            boolean inProduct = false;
            String[] stack = new String[64];
            int depth = 0;
            BoundedXml bounded = null;
            try {
                bounded = BoundedXml.open(in);
                XMLStreamReader xml = bounded.reader();
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        String local = xml.getLocalName();
                        parent = depth > 0 ? stack[depth - 1] : null;
                        if (c == null) {
                            if (local.equals("contract")) {
                                c = new ContractFields();
                                contractNumber++;
                                contractLine = xml.getLocation().getLineNumber();
                                cutsAtContract = bounded.cuts();
                            }
                        } else if (isLeaf(local)) {
                            String text = bounded.elementText();
                            if (text == null) {
                                c.tooLong = c.tooLong == null ? local : c.tooLong;
                            } else {
                                assign(c, parent, local, text.strip(), inCustomer, inSupplier, inProduct);
                            }
                            continue; // elementText consumed the end tag
                        } else {
                            switch (local) {
                                case "customer" -> inCustomer = true;
                                case "supplier" -> inSupplier = c.supplierInn == null;
                                case "product" -> inProduct = true;
                                case "termination" -> c.terminated = true;
                                default -> {
                                }
                            }
                        }
                        if (depth < stack.length) {
                            stack[depth] = local;
                        }
                        depth++;
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        depth--;
                        String local = xml.getLocalName();
                        if (c != null) {
                            switch (local) {
                                case "customer" -> inCustomer = false;
                                case "supplier" -> inSupplier = false;
                                case "product" -> {
                                    inProduct = false;
                                    c.endProduct();
                                }
                                case "contract" -> {
                                    if (c.tooLong == null && bounded.cuts() != cutsAtContract) {
                                        c.tooLong = ""; // an attribute or a text the contract's fields do not include
                                    }
                                    accept(c, source, contractNumber, contractLine);
                                    c = null;
                                }
                                default -> {
                                }
                            }
                        }
                    }
                }
                return null;
            } catch (XMLStreamException e) {
                String raw = c == null ? "(остаток файла / rest of the file)" : c.raw();
                Source.Failure io = ioCause(e);
                if (io != null) {
                    return new Break(bounded != null ? bounded.where(e) : "начало файла / start of the file", raw, io);
                }
                reject(new SourceLocation(source, BoundedXml.position(e)), raw, BoundedXml.reason(e));
                return null;
            }
        }

        private static Source.Failure ioCause(XMLStreamException e) {
            Throwable t = e.getNestedException() != null ? e.getNestedException() : e.getCause();
            while (t != null && !(t instanceof Source.Failure)) {
                t = t.getCause();
            }
            return (Source.Failure) t;
        }

        private static boolean isLeaf(String local) {
            return switch (local) {
                case "regNum", "versionNumber", "signDate", "fullName", "inn", "kpp", "INN", "code", "maxPrice", "price",
                        "sum", "isSMP", "currentContractStage" -> true;
                default -> false;
            };
        }

        private static void assign(ContractFields c, String parent, String local, String text, boolean inCustomer,
                                   boolean inSupplier, boolean inProduct) {
            switch (local) {
                case "regNum" -> {
                    if ("contract".equals(parent)) {
                        c.regNum = text;
                    }
                }
                case "versionNumber" -> c.version = "contract".equals(parent) ? text : c.version;
                case "signDate" -> c.signDate = "contract".equals(parent) ? text : c.signDate;
                case "fullName" -> c.customerName = "customer".equals(parent) ? text : c.customerName;
                case "inn" -> c.customerInn = "customer".equals(parent) ? text : c.customerInn;
                case "kpp" -> c.customerKpp = "customer".equals(parent) ? text : c.customerKpp;
                case "INN" -> c.supplierInn = inSupplier && c.supplierInn == null ? text : c.supplierInn;
                case "isSMP" -> c.supplierSmb = inSupplier ? text : c.supplierSmb;
                case "maxPrice" -> c.initialPrice = "order".equals(parent) ? text : c.initialPrice;
                case "price" -> c.price = "priceInfo".equals(parent) ? text : c.price;
                case "sum" -> c.productSum = inProduct && "product".equals(parent) ? text : c.productSum;
                case "currentContractStage" -> c.stage = text;
                case "code" -> {
                    switch (parent == null ? "" : parent) {
                        case "placingWay" -> c.method = text;
                        case "OKTMO" -> c.oktmo = inCustomer ? text : c.oktmo;
                        case "OKPD2" -> c.productOkpd2 = inProduct ? text : c.productOkpd2;
                        default -> {
                        }
                    }
                }
                default -> {
                }
            }
        }

        private void accept(ContractFields c, String source, int number, int line) throws SQLException {
            counts.read++;
            SourceLocation location = contractLocation(source, number, line);
            List<String> problems = new ArrayList<>(2);
            if (c.tooLong != null) {
                problems.add("Слишком длинное значение " + (c.tooLong.isEmpty() ? "в контракте" : "поля " + c.tooLong)
                        + " (больше " + (BoundedXml.MAX_VALUE >> 20) + " МБ), не прочитано / "
                        + (c.tooLong.isEmpty() ? "a value in the contract" : "field " + c.tooLong) + " too long (over "
                        + (BoundedXml.MAX_VALUE >> 20) + " MB), not read");
            }
            if (c.regNum == null || !REG_NUM.matcher(c.regNum).matches()) {
                problems.add("Реестровый номер не из 19 цифр: «" + c.regNum + "» / registry number is not 19 digits");
            }
            if (c.customerInn == null || c.customerInn.length() != 10 || !TaxIds.isValidInn(c.customerInn)) {
                problems.add("ИНН заказчика неверен (контрольная сумма): " + c.customerInn + " / customer INN fails its checksum");
            }
            if (!TaxIds.isValidKpp(c.customerKpp)) {
                problems.add("КПП заказчика неверен: " + c.customerKpp + " / customer KPP is malformed");
            }
            if (!TaxIds.isValidInn(c.supplierInn)) {
                problems.add("ИНН поставщика неверен (контрольная сумма): " + c.supplierInn + " / supplier INN fails its checksum");
            }
            if (c.method == null || !references.methods().contains(c.method)) {
                problems.add("Неизвестный способ закупки: " + c.method + " / unknown procurement method");
            }
            String municipality = references.municipality(c.oktmo);
            if (municipality == null) {
                problems.add("Неизвестный ОКТМО заказчика: " + c.oktmo + " / unknown customer OKTMO");
            }
            String okpd2Class = null;
            if (c.mainOkpd2 == null) {
                problems.add("Нет предмета контракта с кодом ОКПД2 / no item with an OKPD2 code");
            } else if (!OKPD2.matcher(c.mainOkpd2).matches()
                    || !references.okpd2Classes().contains(okpd2Class = c.mainOkpd2.substring(0, 2))) {
                problems.add("Неизвестный класс ОКПД2: " + c.mainOkpd2 + " / unknown OKPD2 class");
            }
            BigDecimal initial = amount(c.initialPrice);
            BigDecimal price = amount(c.price);
            if (initial == null || initial.signum() <= 0) {
                problems.add(amountProblem("НМЦК", "initial price", c.initialPrice, initial));
            }
            if (price == null || price.signum() <= 0) {
                problems.add(amountProblem("Цена контракта", "contract price", c.price, price));
            }
            if (c.badSum != null) {
                problems.add(amountProblem("Сумма позиции", "item sum", c.badSum, null));
            }
            LocalDate signed = date(c.signDate);
            if (signed == null) {
                problems.add("Дата заключения неверна: «" + c.signDate + "» / bad signing date");
            }
            String status = c.terminated ? "terminated" : c.stage == null ? null : switch (c.stage) {
                case "E" -> "executing";
                case "EC" -> "executed";
                case "ET" -> "terminated";
                default -> null;
            };
            if (status == null) {
                problems.add("Неизвестный этап контракта: " + c.stage + " / unknown contract stage");
            }
            int version = 0;
            if (c.version != null && !VERSION.matcher(c.version).matches()) {
                problems.add("Номер редакции не целое число от 0 до 999999999: «" + c.version
                        + "» / version number is not a whole number from 0 to 999999999");
            } else if (c.version != null) {
                version = Integer.parseInt(c.version);
            }
            if (!problems.isEmpty()) {
                counts.quarantined++;
                context.quarantine(new Rejection(TABLE, location, c.raw(), String.join("; ", problems)));
                return;
            }
            if (price.compareTo(initial) > 0) {
                counts.warnings++;
                LOG.warn("{}: цена контракта {} выше НМЦК {} / contract price above the initial price", location, price, initial);
            }
            appender.beginRow()
                    .append(counts.ordinal++)
                    .append(version)
                    .append(c.regNum)
                    .append(c.customerInn)
                    .append(c.customerKpp)
                    .append(c.customerName == null ? "" : c.customerName)
                    .append(municipality)
                    .append(c.supplierInn)
                    .append("true".equalsIgnoreCase(c.supplierSmb) || "1".equals(c.supplierSmb))
                    .append(c.method)
                    .append(okpd2Class)
                    .append(initial)
                    .append(price)
                    .appendEpochDays((int) signed.toEpochDay())
                    .append(status)
                    .append(number)
                    .append(line)
                    .endRow();
            counts.loaded++;
        }

        private void reject(SourceLocation location, String raw, String reason) {
            counts.read++;
            counts.quarantined++;
            context.quarantine(new Rejection(TABLE, location, raw, reason));
        }
    }

    /** Where the bytes under the parser failed, the contract being read then, and the failure. */
    private record Break(String position, String raw, IOException cause) {
    }

    /**
     * The bytes of an entry or loose file, failing with a {@link Failure} when they cannot be read or run past
     * {@code max} (the uncompressed size in a ZIP header can lie, the count cannot). Only such a failure is the
     * bytes' fault; any other the parser reports (bad UTF-8 included) is the XML's.
     */
    private static final class Source extends BlockFilterInputStream {
        private final long max;
        private long count;

        Source(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException e) {
                throw new Failure(e.getMessage(), e);
            }
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new TooLarge(max);
                }
            }
            return n;
        }

        static class Failure extends IOException {
            Failure(String message, Throwable cause) {
                super(message, cause);
            }
        }

        static final class TooLarge extends Failure {
            TooLarge(long max) {
                super("more than " + max + " bytes uncompressed", null);
            }
        }
    }

    /**
     * An amount in roubles with a dot (the ЕИС XML's xs:decimal) or, leniently, a comma and spaces, at scale 2 for
     * DECIMAL(18,2); null if it is not a decimal number (xs:decimal has no exponent: 1e3 is not one), has kopecks
     * beyond two decimals, or does not fit DECIMAL(18,2).
     */
    static BigDecimal amount(String text) {
        if (text == null) {
            return null;
        }
        String plain = text.replace("\u00a0", "").replace(" ", "").replace(',', '.');
        if (!DECIMAL.matcher(plain).matches()) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(plain).setScale(2, RoundingMode.UNNECESSARY);
            return value.precision() > 18 ? null : value;
        } catch (ArithmeticException e) {
            return null; // non-zero digits past the kopecks
        }
    }

    private static String amountProblem(String russian, String english, String text, BigDecimal value) {
        return value == null
                ? russian + " не сумма (десятичное число до 16 цифр, не больше 2 знаков после точки): «" + text + "» / "
                        + english + " is not an amount (a decimal number of up to 16 digits and 2 decimals)"
                : russian + " не положительная сумма: «" + text + "» / " + english + " is not a positive amount";
    }

    /** ISO date, possibly with the time-zone offset the ЕИС puts on dates (2024-03-05+07:00). */
    static LocalDate date(String text) {
        if (text == null || text.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
