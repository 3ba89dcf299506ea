package ru.vitrina.ingest.procurement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.TaxIds;
import ru.vitrina.ingest.load.HeapPeak;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.population.TestLoad;
import ru.vitrina.ingest.procurement.EisContractSimulator.Contract;
import ru.vitrina.ingest.reference.ReferenceData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class EisContractLoadTest {
    private static EisContractSimulator demo;

    private Store store;

    @TempDir
    Path drop;

    @BeforeAll
    static void demoContracts() {
        demo = EisContractSimulator.demo(5, 3_000);
    }

    @BeforeEach
    void referenceData() {
        store = Store.inMemory();
        new ReferenceData().publish(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static String row(Contract c) {
        return String.join("|", c.regNum(), c.customerInn(), c.customerKpp(), c.customerName(), c.oktmo(), c.supplierInn(),
                Boolean.toString(c.supplierSmb()), c.method(), c.okpd2Class(), c.initialPrice().toPlainString(),
                c.price().toPlainString(), c.signDate().toString(), c.status());
    }

    private List<String> tableRows() throws Exception {
        return TestLoad.strings(store, "SELECT concat_ws('|', reg_number, customer_inn, customer_kpp, customer_name, oktmo,"
                + " supplier_inn, supplier_is_smb, method_code, okpd2_code, initial_price, contract_price, sign_date, status)"
                + " FROM procurement.contract ORDER BY reg_number");
    }

    @Test
    void loadsExactlyTheContractsTheDemoGenerated() throws Exception {
        List<Path> archives = demo.writeArchives(drop, 50, 20);
        assertThat(archives).hasSize(3);

        TestLoad.Result result = TestLoad.run(store, new EisContractLoad(drop));

        assertThat(result.counts()).containsExactly(new TableCounts("procurement.contract", 3_000, 3_000, 0));
        assertThat(result.rejections()).isEmpty();
        assertThat(result.sources()).containsOnlyKeys("contract_Tomskaja_obl_001.xml.zip",
                "contract_Tomskaja_obl_002.xml.zip", "contract_Tomskaja_obl_003.xml.zip");
        assertThat(tableRows()).containsExactlyElementsOf(demo.contracts().stream().map(EisContractLoadTest::row).toList());
        assertThat(TestLoad.count(store, "procurement.contract WHERE load_id = " + result.loadId())).isEqualTo(3_000);
    }

    @Test
    void theSameSeedWritesTheSameArchives() throws Exception {
        List<Path> first = demo.writeArchives(drop.resolve("a"), 100, 10);
        List<Path> second = EisContractSimulator.demo(5, 3_000).writeArchives(drop.resolve("b"), 100, 10);
        for (int i = 0; i < first.size(); i++) {
            assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(second.get(i)))))
                    .isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(first.get(i)))));
        }
    }

    @Test
    void processedArchivesAreSkippedAndAReloadReplacesByRegistryNumber() throws Exception {
        demo.writeArchives(drop, 100, 10);
        TestLoad.Result first = TestLoad.run(store, new EisContractLoad(drop));
        String fingerprint = TestLoad.fingerprint(store, "procurement.contract");

        TestLoad.Result again = TestLoad.run(store, new EisContractLoad(drop));
        assertThat(again.counts()).containsExactly(new TableCounts("procurement.contract", 0, 0, 0));
        assertThat(again.sources()).isEmpty();

        // Forget what was processed: the same extract loads again and replaces, never duplicates.
        try (Connection connection = store.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM meta.load_source");
        }
        TestLoad.Result reload = TestLoad.run(store, new EisContractLoad(drop));
        assertThat(reload.counts()).isEqualTo(first.counts());
        assertThat(TestLoad.fingerprint(store, "procurement.contract")).isEqualTo(fingerprint);
    }

    @Test
    void aNewArchiveInTheFolderIsTheOnlyOneRead() throws Exception {
        List<Contract> contracts = demo.contracts();
        new EisContractSimulator(1, contracts.subList(0, 2_000)).writeArchives(drop, 100, 10);
        TestLoad.run(store, new EisContractLoad(drop));
        Path later = drop.resolve("later");
        new EisContractSimulator(1, contracts.subList(2_000, 3_000)).writeArchives(later, 100, 10);
        Files.move(later.resolve("contract_Tomskaja_obl_001.xml.zip"), drop.resolve("contract_Tomskaja_obl_101.xml.zip"));

        TestLoad.Result result = TestLoad.run(store, new EisContractLoad(drop));

        assertThat(result.counts()).containsExactly(new TableCounts("procurement.contract", 1_000, 1_000, 0));
        assertThat(result.sources()).containsOnlyKeys("contract_Tomskaja_obl_101.xml.zip");
        assertThat(TestLoad.count(store, "procurement.contract")).isEqualTo(3_000);
    }

    private static final String INN = TaxIds.organisationInn("7017", 12_345);
    private static final String SUPPLIER = TaxIds.organisationInn("7018", 555);

    private static Contract contract(int serial) {
        return new Contract("3" + INN + "24" + String.format("%06d", serial), INN, "701701001", "МБОУ «Школа № 1» г. Томска",
                "69701000", SUPPLIER, true, "EA44", "21", new BigDecimal("1000.00"), new BigDecimal("900.00"),
                LocalDate.of(2024, 3, 5), "executing");
    }

    private static Contract with(Contract c, String field, Object value) {
        return new Contract(c.regNum(), field.equals("customerInn") ? (String) value : c.customerInn(),
                field.equals("kpp") ? (String) value : c.customerKpp(), c.customerName(),
                field.equals("oktmo") ? (String) value : c.oktmo(),
                field.equals("supplierInn") ? (String) value : c.supplierInn(), c.supplierSmb(),
                field.equals("method") ? (String) value : c.method(),
                field.equals("okpd2") ? (String) value : c.okpd2Class(),
                field.equals("initial") ? (BigDecimal) value : c.initialPrice(),
                field.equals("price") ? (BigDecimal) value : c.price(), c.signDate(), c.status());
    }

    private static byte[] xml(List<Contract> contracts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EisContractSimulator.writeXml(contracts, new SplittableRandom(1), out);
        return out.toByteArray();
    }

    private static void zip(Path archive, String[] names, byte[][] entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (int i = 0; i < names.length; i++) {
                zip.putNextEntry(new ZipEntry(names[i]));
                zip.write(entries[i]);
                zip.closeEntry();
            }
        }
    }

    @Test
    void brokenContractsFilesAndArchivesAreQuarantinedWithWhereAndWhy() throws Exception {
        String badInn = INN.substring(0, 9) + (char) ('0' + (INN.charAt(9) - '0' + 1) % 10);
        String badSupplier = SUPPLIER.substring(0, 9) + (char) ('0' + (SUPPLIER.charAt(9) - '0' + 1) % 10);
        List<Contract> records = List.of(
                contract(1),                                                       // 1 loaded
                with(contract(2), "customerInn", badInn),                          // 2
                with(contract(3), "kpp", "70170100"),                              // 3
                with(contract(4), "supplierInn", badSupplier),                     // 4
                with(contract(5), "okpd2", "04"),                                  // 5 no such OKPD2 class
                with(contract(6), "oktmo", "69999000"),                            // 6
                with(contract(7), "price", new BigDecimal("-5.00")),               // 7
                with(contract(8), "price", new BigDecimal("1200.00")),             // 8 above НМЦК: loaded, warned
                with(contract(9), "method", "XX44"));                              // 9
        // Two versions of contract 10: version 1 comes first in the extract but wins over version 0.
        byte[] version1 = new String(xml(List.of(with(contract(10), "price", new BigDecimal("800.00")))), StandardCharsets.UTF_8)
                .replace("<oos:versionNumber>0<", "<oos:versionNumber>1<").getBytes(StandardCharsets.UTF_8);
        byte[] version0 = xml(List.of(contract(10)));
        byte[] twoContracts = xml(List.of(contract(11), contract(12)));
        String text = new String(twoContracts, StandardCharsets.UTF_8);
        byte[] cut = text.substring(0, text.indexOf("<oos:priceInfo>", text.indexOf(contract(12).regNum())) + 20)
                .getBytes(StandardCharsets.UTF_8);
        zip(drop.resolve("a_records.zip"), new String[]{"records.xml", "v1.xml", "v0.xml", "cut.xml"},
                new byte[][]{xml(records), version1, version0, cut});
        zip(drop.resolve("b_whole.zip"), new String[]{"whole.xml"}, new byte[][]{xml(List.of(contract(20), contract(21)))});
        byte[] whole = Files.readAllBytes(drop.resolve("b_whole.zip"));
        Files.write(drop.resolve("c_truncated.zip"), Arrays.copyOf(whole, whole.length * 2 / 3));
        Files.delete(drop.resolve("b_whole.zip"));

        TestLoad.Result result = TestLoad.run(store, new EisContractLoad(drop));

        // Read: 9 records + 2 versions + 1 good contract and the broken rest of cut.xml + the truncated archive;
        // loaded: contracts 1, 8, both versions of 10 (one row) and 11.
        assertThat(result.counts()).containsExactly(new TableCounts("procurement.contract", 14, 5, 9));
        assertThat(result.rejections()).extracting(r -> r.location() + " → " + r.reason().split(" / ")[0])
                .containsExactly(
                        "a_records.zip!/records.xml:контракт / contract 2, line 3 → ИНН заказчика неверен (контрольная сумма): " + badInn,
                        "a_records.zip!/records.xml:контракт / contract 3, line 4 → КПП заказчика неверен: 70170100",
                        "a_records.zip!/records.xml:контракт / contract 4, line 5 → ИНН поставщика неверен (контрольная сумма): " + badSupplier,
                        "a_records.zip!/records.xml:контракт / contract 5, line 6 → Неизвестный класс ОКПД2: " + "04"
                                + result.rejections().get(3).reason().split("Неизвестный класс ОКПД2: 04")[1].split(" / ")[0],
                        "a_records.zip!/records.xml:контракт / contract 6, line 7 → Неизвестный ОКТМО заказчика: 69999000",
                        "a_records.zip!/records.xml:контракт / contract 7, line 8 → Цена контракта не положительная сумма: «-5.00»",
                        "a_records.zip!/records.xml:контракт / contract 9, line 10 → Неизвестный способ закупки: XX44",
                        result.rejections().get(7).location() + " → Повреждённый XML, остаток файла не прочитан",
                        "c_truncated.zip:архив / archive → Архив повреждён или обрезан, не загружен");
        assertThat(result.rejections().get(7).location().source()).isEqualTo("a_records.zip!/cut.xml");
        assertThat(result.rejections().get(7).location().position()).startsWith("line 3, column");
        assertThat(result.rejections().get(7).raw()).contains("regNum=" + contract(12).regNum());
        assertThat(result.rejections().get(1).raw()).contains("kpp=70170100");
        assertThat(TestLoad.strings(store, "SELECT right(reg_number, 2) || ' ' || contract_price FROM procurement.contract ORDER BY 1"))
                .containsExactly("01 900.00", "08 1200.00", "10 800.00", "11 900.00");
        assertThat(result.sources()).containsOnlyKeys("a_records.zip", "c_truncated.zip");
        assertThat(TestLoad.count(store, "meta.quarantine WHERE job = 'procurement'")).isEqualTo(9);
    }

    /**
     * Prints contracts per second and the Java heap's peak for 100 000 contracts, or as many as
     * {@code -Dvitrina.bench.eis.contracts} says (the heap stays flat whatever the count; docs/BENCHMARKS.md).
     */
    @Test
    void measuresContractsPerSecond() throws Exception {
        int count = Integer.getInteger("vitrina.bench.eis.contracts", 100_000);
        List<Path> archives = writeArchives(count);
        long bytes = 0;
        for (Path archive : archives) {
            bytes += Files.size(archive);
        }
        HeapPeak heap = HeapPeak.start();
        long started = System.nanoTime();
        TestLoad.Result result = TestLoad.run(store, new EisContractLoad(drop));
        double seconds = (System.nanoTime() - started) / 1e9;
        heap.close();
        assertThat(result.counts()).containsExactly(new TableCounts("procurement.contract", count, count, 0));
        System.out.printf("ЕИС XML: %d контрактов (%d архивов, %.1f МБ) за %.2f с: %.0f контрактов/с / contracts per second;"
                + " Java heap peak %d MB%n", count, archives.size(), bytes / 1e6, seconds, count / seconds, heap.megabytes());
    }

    /** The archives of {@code count} contracts; the simulator's contracts in memory are garbage once it returns. */
    private List<Path> writeArchives(int count) throws IOException {
        return EisContractSimulator.demo(9, count).writeArchives(drop, 100, 100);
    }
}
