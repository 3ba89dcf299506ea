package ru.vitrina.ingest.procurement;

import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.DemoRegion;
import ru.vitrina.ingest.demo.DemoSize;
import ru.vitrina.ingest.demo.ProgressListener;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static java.util.Objects.requireNonNull;

/**
 * The ЕИС (zakupki.gov.ru) open-data export of 44-ФЗ contracts for the demo region: ZIP archives of XML files,
 * each an {@code export} of {@code contract} documents, as published on the ЕИС FTP
 * (contract_Tomskaja_obl_…_NNN.xml.zip).
 *
 * <p>The contracts themselves — customers and suppliers with valid ИНН/КПП, methods, prices, OKPD2 classes,
 * dates, statuses — come from the demo generator ({@link DemoRegion}, run into a scratch in-memory store), so
 * the archives carry exactly what the demo would put into procurement.contract. What the table does not keep is
 * drawn here, deterministically for the seed: the items of the contract (the main item of the contract's OKPD2
 * class carries most of the price), execution stages and the termination of terminated contracts.
 *
 * <p>Element names follow the ЕИС export (fcsExport, types namespace oos); the customer's municipality is in
 * {@code customer/OKTMO/code}, which is where the adapter takes it from (see ingest/README.md).
 */
public final class EisContractSimulator {
    static final String EXPORT_NS = "http://zakupki.gov.ru/oos/export/1";
    static final String TYPES_NS = "http://zakupki.gov.ru/oos/types/1";

    /** One contract as the demo made it. */
    public record Contract(String regNum, String customerInn, String customerKpp, String customerName, String oktmo,
                           String supplierInn, boolean supplierSmb, String method, String okpd2Class,
                           BigDecimal initialPrice, BigDecimal price, LocalDate signDate, String status) {
        public Contract {
            requireNonNull(regNum, "regNum");
        }
    }

    private static final java.time.LocalDateTime EXPORTED = java.time.LocalDateTime.of(2026, 11, 1, 3, 0);

    private final long seed;
    private final List<Contract> contracts;

    public EisContractSimulator(long seed, List<Contract> contracts) {
        this.seed = seed;
        this.contracts = List.copyOf(requireNonNull(contracts, "contracts"));
    }

    /** Generates {@code count} demo contracts for {@code seed} (in a scratch store) and wraps them. */
    public static EisContractSimulator demo(long seed, long count) {
        try (Store scratch = Store.inMemory()) {
            new DemoRegion(seed, new DemoSize("procurement", DemoSize.MIN_BUDGET_OPERATIONS, count))
                    .generate(scratch, ProgressListener.none());
            try (Connection connection = scratch.connect()) {
                return new EisContractSimulator(seed, read(connection));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the demo contracts: " + e.getMessage(), e);
        }
    }

    /** The contracts of procurement.contract of {@code connection}, in registry-number order. */
    public static List<Contract> read(Connection connection) throws SQLException {
        List<Contract> contracts = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT reg_number, customer_inn, customer_kpp, customer_name, oktmo,"
                     + " supplier_inn, supplier_is_smb, method_code, okpd2_code, initial_price, contract_price, sign_date,"
                     + " status FROM procurement.contract ORDER BY reg_number")) {
            while (rows.next()) {
                contracts.add(new Contract(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getBoolean(7), rows.getString(8), rows.getString(9),
                        rows.getBigDecimal(10), rows.getBigDecimal(11), rows.getObject(12, LocalDate.class), rows.getString(13)));
            }
        }
        return contracts;
    }

    public List<Contract> contracts() {
        return contracts;
    }

    /**
     * Writes the contracts into {@code folder} as archives of {@code filesPerArchive} XML files of
     * {@code contractsPerFile} contracts each; returns the archives in order.
     */
    public List<Path> writeArchives(Path folder, int contractsPerFile, int filesPerArchive) throws IOException {
        requireNonNull(folder, "folder");
        if (contractsPerFile < 1 || filesPerArchive < 1) {
            throw new IllegalArgumentException("contractsPerFile and filesPerArchive must be positive");
        }
        Files.createDirectories(folder);
        SplittableRandom random = new SplittableRandom(seed);
        List<Path> archives = new ArrayList<>();
        int perArchive = contractsPerFile * filesPerArchive;
        for (int from = 0; from < contracts.size(); from += perArchive) {
            Path archive = folder.resolve(String.format("contract_Tomskaja_obl_%03d.xml.zip", archives.size() + 1));
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
                int to = Math.min(contracts.size(), from + perArchive);
                for (int file = from; file < to; file += contractsPerFile) {
                    List<Contract> part = contracts.subList(file, Math.min(to, file + contractsPerFile));
                    ZipEntry entry = new ZipEntry("contract_" + part.get(0).regNum() + "_export.xml");
                    entry.setTimeLocal(EXPORTED); // the clock must not make two runs of one seed differ
                    zip.putNextEntry(entry);
                    writeXml(part, random, zip);
                    zip.closeEntry();
                }
            }
            archives.add(archive);
        }
        return archives;
    }

    /** One {@code export} document with {@code part}; draws the details not in the table from {@code random}. */
    public static void writeXml(List<Contract> part, SplittableRandom random, OutputStream out) throws IOException {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(
                    new NonClosing(out), "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setDefaultNamespace(EXPORT_NS);
            xml.setPrefix("oos", TYPES_NS);
            xml.writeStartElement(EXPORT_NS, "export");
            xml.writeDefaultNamespace(EXPORT_NS);
            xml.writeNamespace("oos", TYPES_NS);
            for (Contract c : part) {
                writeContract(xml, c, random);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("Cannot write the export: " + e.getMessage(), e);
        }
    }

    private static void writeContract(XMLStreamWriter xml, Contract c, SplittableRandom random) throws XMLStreamException {
        xml.writeCharacters("\n");
        xml.writeStartElement(EXPORT_NS, "contract");
        xml.writeAttribute("schemeVersion", "11.0");
        leaf(xml, "id", Long.toString(random.nextLong(10_000_000L, 99_999_999L)));
        leaf(xml, "regNum", c.regNum());
        leaf(xml, "versionNumber", "0");
        leaf(xml, "signDate", c.signDate().toString());
        leaf(xml, "publishDate", c.signDate().plusDays(1 + random.nextInt(3)) + "T10:00:00+07:00");
        start(xml, "foundation");
        start(xml, "fcsOrder");
        start(xml, "order");
        leaf(xml, "notificationNumber", "0365" + String.format("%015d", random.nextLong(1_000_000_000_000_000L)));
        start(xml, "placingWay");
        leaf(xml, "code", c.method());
        xml.writeEndElement();
        leaf(xml, "maxPrice", c.initialPrice().toPlainString());
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndElement();
        start(xml, "customer");
        leaf(xml, "regNum", "0365" + c.customerInn().substring(2, 9));
        leaf(xml, "fullName", c.customerName());
        leaf(xml, "inn", c.customerInn());
        leaf(xml, "kpp", c.customerKpp());
        start(xml, "OKTMO");
        leaf(xml, "code", c.oktmo());
        xml.writeEndElement();
        xml.writeEndElement();
        start(xml, "priceInfo");
        leaf(xml, "price", c.price().toPlainString());
        start(xml, "currency");
        leaf(xml, "code", "RUB");
        xml.writeEndElement();
        xml.writeEndElement();
        LocalDate end = c.signDate().plusDays(30 + random.nextInt(300));
        start(xml, "executionPeriod");
        leaf(xml, "startDate", c.signDate().toString());
        leaf(xml, "endDate", end.toString());
        xml.writeEndElement();
        writeProducts(xml, c, random);
        start(xml, "suppliers");
        start(xml, "supplier");
        boolean person = c.supplierInn().length() == 12;
        start(xml, person ? "individualPersonRF" : "legalEntityRF");
        leaf(xml, "INN", c.supplierInn());
        if (!person) {
            leaf(xml, "KPP", c.supplierInn().substring(0, 4) + "01001");
        }
        xml.writeEndElement();
        leaf(xml, "isSMP", Boolean.toString(c.supplierSmb()));
        xml.writeEndElement();
        xml.writeEndElement();
        int stages = 1 + random.nextInt(3);
        start(xml, "stages");
        BigDecimal stageSum = c.price().divide(BigDecimal.valueOf(stages), 2, java.math.RoundingMode.DOWN);
        for (int s = 1; s <= stages; s++) {
            start(xml, "stage");
            leaf(xml, "number", Integer.toString(s));
            leaf(xml, "endDate", c.signDate().plusDays((long) (end.toEpochDay() - c.signDate().toEpochDay()) * s / stages).toString());
            leaf(xml, "sum", (s < stages ? stageSum : c.price().subtract(stageSum.multiply(BigDecimal.valueOf(stages - 1))))
                    .toPlainString());
            xml.writeEndElement();
        }
        xml.writeEndElement();
        if (c.status().equals("terminated")) {
            start(xml, "termination");
            leaf(xml, "terminationDate", c.signDate().plusDays(10 + random.nextInt(120)).toString());
            start(xml, "reason");
            leaf(xml, "name", random.nextBoolean() ? "Соглашение сторон" : "Односторонний отказ заказчика от исполнения контракта");
            xml.writeEndElement();
            xml.writeEndElement();
        }
        leaf(xml, "currentContractStage", switch (c.status()) {
            case "executed" -> "EC";
            case "terminated" -> "ET";
            default -> "E";
        });
        xml.writeEndElement();
    }

    /** The main item of the contract's class carries 70–100 % of the price; up to two minor items of any class. */
    private static void writeProducts(XMLStreamWriter xml, Contract c, SplittableRandom random) throws XMLStreamException {
        int minor = c.price().compareTo(BigDecimal.valueOf(100_000)) > 0 ? random.nextInt(3) : 0;
        BigDecimal main = minor == 0 ? c.price()
                : c.price().multiply(BigDecimal.valueOf(70 + random.nextInt(31))).movePointLeft(2).setScale(2, java.math.RoundingMode.DOWN);
        BigDecimal rest = c.price().subtract(main);
        start(xml, "products");
        product(xml, c.okpd2Class(), main, random);
        for (int i = 0; i < minor; i++) {
            BigDecimal sum = i == minor - 1 ? rest : rest.divide(BigDecimal.valueOf(2), 2, java.math.RoundingMode.DOWN);
            rest = rest.subtract(sum);
            product(xml, c.okpd2Class(), sum, random);
        }
        xml.writeEndElement();
    }

    private static void product(XMLStreamWriter xml, String okpd2Class, BigDecimal sum, SplittableRandom random)
            throws XMLStreamException {
        start(xml, "product");
        start(xml, "OKPD2");
        leaf(xml, "code", okpd2Class + "." + (10 + random.nextInt(90)) + "." + (10 + random.nextInt(90)) + "."
                + (100 + random.nextInt(900)));
        xml.writeEndElement();
        leaf(xml, "quantity", "1");
        leaf(xml, "sum", sum.toPlainString());
        xml.writeEndElement();
    }

    private static void start(XMLStreamWriter xml, String name) throws XMLStreamException {
        xml.writeStartElement(TYPES_NS, name);
    }

    private static void leaf(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(TYPES_NS, name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    /** Keeps the XML writer from closing the ZIP entry's stream under it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
