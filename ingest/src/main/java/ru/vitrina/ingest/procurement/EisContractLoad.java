package ru.vitrina.ingest.procurement;

import org.duckdb.DuckDBAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.vitrina.engine.store.TableAppender;
import ru.vitrina.ingest.demo.TaxIds;
import ru.vitrina.ingest.load.LoadContext;
import ru.vitrina.ingest.load.Rejection;
import ru.vitrina.ingest.load.SourceLoad;
import ru.vitrina.ingest.load.SourceFiles;
import ru.vitrina.ingest.load.SourceLocation;
import ru.vitrina.ingest.load.TableCounts;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import static java.util.Objects.requireNonNull;

/**
 * Loads 44-ФЗ contracts from ЕИС export archives ({@code *.zip} of XML files) found in a drop folder into
 * procurement.contract, replacing contracts by registry number.
 *
 * <p>An archive whose SHA-256 is already recorded by a published procurement load (meta.load_source) is skipped,
 * so the folder can keep its files. Each XML file is read by StAX, one contract at a time, never as a DOM.
 *
 * <p>What goes to quarantine, each with archive!entry, contract number and line: a registry number that is not
 * 19 digits; customer ИНН/КПП or supplier ИНН failing their checksums; an unknown procurement method; a customer
 * OKTMO that ref.territory does not know; no item, or an OKPD2 class missing from ref.okpd2_class; a price or
 * initial price that is not a positive amount; a bad signing date; an unknown contract stage. A contract price
 * above the initial price is loaded with a warning in the log. An archive that cannot be opened (truncated,
 * not a ZIP) is one quarantined record and nothing of it is loaded; an XML file that breaks off keeps the
 * contracts before the break, and its rest is one quarantined record at the line and column of the break.
 * Several versions of one contract in an extract: the highest versionNumber (then the last read) wins, the
 * others count as loaded and superseded.
 */
public final class EisContractLoad implements SourceLoad {
    public static final String JOB = "procurement";
    public static final String TABLE = "procurement.contract";

    private static final Logger LOG = LoggerFactory.getLogger(EisContractLoad.class);
    private static final Pattern REG_NUM = Pattern.compile("\\d{19}");
    private static final Pattern OKPD2 = Pattern.compile("(\\d{2})(\\.\\d{1,3})*");

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
        List<Path> archives;
        if (!Files.isDirectory(dropFolder)) {
            archives = List.of(dropFolder);
        } else {
            try (Stream<Path> files = Files.list(dropFolder)) {
                archives = files.filter(f -> f.getFileName().toString().toLowerCase().endsWith(".zip")).sorted().toList();
            }
        }
        try (Statement statement = transaction.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE contract_staging (ordinal BIGINT, version INTEGER,"
                    + " reg_number VARCHAR, customer_inn VARCHAR, customer_kpp VARCHAR, customer_name VARCHAR, oktmo VARCHAR,"
                    + " supplier_inn VARCHAR, supplier_is_smb BOOLEAN, method_code VARCHAR, okpd2_code VARCHAR,"
                    + " initial_price DECIMAL(18,2), contract_price DECIMAL(18,2), sign_date DATE, status VARCHAR)");
        }
        Counts counts = new Counts();
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (TableAppender staging = TableAppender.temporary(transaction, "contract_staging")) {
            DuckDBAppender appender = staging.rows();
            for (int i = 0; i < archives.size(); i++) {
                Path archive = archives.get(i);
                String checksum = SourceFiles.sha256(archive);
                if (processed.contains(checksum)) {
                    LOG.info("Архив {} уже загружен, пропущен / already loaded, skipped", archive.getFileName());
                    continue;
                }
                context.sourceFile(archive.getFileName().toString(), checksum);
                new ArchiveReader(archive, factory, references, context, appender, counts).read();
                context.progress(i + 1, archives.size());
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
            // The main item is the one with the largest sum; the first wins a tie or when sums are missing.
            if (mainOkpd2 == null || (sum != null && (mainSum == null || sum.compareTo(mainSum) > 0))) {
                mainOkpd2 = productOkpd2;
                mainSum = sum;
            }
            productOkpd2 = null;
            productSum = null;
        }
    }

    /** Reads one archive; contracts go to the staging appender, rejections to the context. */
    private static final class ArchiveReader {
        private final Path archive;
        private final XMLInputFactory factory;
        private final References references;
        private final LoadContext context;
        private final DuckDBAppender appender;
        private final Counts counts;
        private final String name;

        ArchiveReader(Path archive, XMLInputFactory factory, References references, LoadContext context,
                      DuckDBAppender appender, Counts counts) {
            this.archive = archive;
            this.factory = factory;
            this.references = references;
            this.context = context;
            this.appender = appender;
            this.counts = counts;
            this.name = archive.getFileName().toString();
        }

        void read() throws IOException, SQLException {
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
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.isDirectory() || !entry.getName().toLowerCase().endsWith(".xml")) {
                        continue;
                    }
                    String source = name + "!/" + entry.getName();
                    try (InputStream in = zip.getInputStream(entry)) {
                        readXml(in, source);
                    } catch (ZipException | java.io.EOFException e) {
                        reject(new SourceLocation(source, "файл / file"), "(файл целиком / whole file)",
                                "Файл в архиве повреждён / damaged file in the archive: " + e.getMessage());
                    }
                }
            }
        }

        private void readXml(InputStream in, String source) throws SQLException {
            int contractNumber = 0;
            int contractLine = 0;
            ContractFields c = null;
            String parent = null;
            boolean inCustomer = false;
            boolean inSupplier = false;
            boolean inProduct = false;
            String[] stack = new String[64];
            int depth = 0;
            try {
                XMLStreamReader xml = factory.createXMLStreamReader(in);
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
                            }
                        } else if (isLeaf(local)) {
                            String text = xml.getElementText().strip();
                            assign(c, parent, local, text, inCustomer, inSupplier, inProduct);
                            continue; // getElementText consumed the end tag
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
                                    accept(c, new SourceLocation(source, "контракт / contract " + contractNumber
                                            + ", line " + contractLine));
                                    c = null;
                                }
                                default -> {
                                }
                            }
                        }
                    }
                }
            } catch (XMLStreamException e) {
                String position = e.getLocation() == null ? "?"
                        : "line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber();
                reject(new SourceLocation(source, position), c == null ? "(остаток файла / rest of the file)" : c.raw(),
                        "Повреждённый XML, остаток файла не прочитан / malformed XML, the rest of the file was not read: "
                                + e.getMessage());
            }
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

        private void accept(ContractFields c, SourceLocation location) throws SQLException {
            counts.read++;
            List<String> problems = new ArrayList<>(2);
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
                problems.add("НМЦК не положительная сумма: «" + c.initialPrice + "» / initial price is not a positive amount");
            }
            if (price == null || price.signum() <= 0) {
                problems.add("Цена контракта не положительная сумма: «" + c.price + "» / contract price is not a positive amount");
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
            try {
                version = c.version == null ? 0 : Integer.parseInt(c.version);
            } catch (NumberFormatException e) {
                problems.add("Номер редакции не число: «" + c.version + "» / version number is not a number");
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
                    .endRow();
            counts.loaded++;
        }

        private void reject(SourceLocation location, String raw, String reason) {
            counts.read++;
            counts.quarantined++;
            context.quarantine(new Rejection(TABLE, location, raw, reason));
        }
    }

    /** An amount in roubles with a dot (the ЕИС XML) or, leniently, a comma and spaces; null if not a number. */
    static BigDecimal amount(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text.replace("\u00a0", "").replace(" ", "").replace(',', '.'));
            return value.scale() > 2 || value.precision() - value.scale() > 16 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
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
