package ru.vitrina.ingest.procurement;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.vitrina.engine.store.Store;
import ru.vitrina.ingest.demo.TaxIds;
import ru.vitrina.ingest.load.HeapPeak;
import ru.vitrina.ingest.load.TableCounts;
import ru.vitrina.ingest.population.TestLoad;
import ru.vitrina.ingest.procurement.EisContractSimulator.Contract;

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

    @AutoClose
    private final Store store = TestLoad.withReferenceData(Store.inMemory());

    @TempDir
    Path drop;

    @BeforeAll
    static void demoContracts() {
        demo = EisContractSimulator.demo(5, 3_000);
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

    private static byte[] replaced(byte[] xml, String from, String to) {
        String text = new String(xml, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        return text.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void amountsOfAnyScaleUpToKopecksLoadAndOtherNumbersAreQuarantined() throws Exception {
        String max = "<oos:maxPrice>1000.00</oos:maxPrice>";
        String price = "<oos:price>900.00</oos:price>";
        zip(drop.resolve("amounts.zip"), new String[]{"1.xml", "2.xml", "3.xml", "4.xml", "5.xml", "6.xml", "7.xml"},
                new byte[][]{
                        replaced(replaced(xml(List.of(contract(31))), max, "<oos:maxPrice>3000000</oos:maxPrice>"),
                                price, "<oos:price>2999999.5</oos:price>"),                                   // loaded
                        replaced(xml(List.of(contract(32))), price, "<oos:price>900.500</oos:price>"),         // loaded
                        replaced(xml(List.of(contract(33))), max, "<oos:maxPrice>1e3</oos:maxPrice>"),
                        replaced(xml(List.of(contract(34))), price, "<oos:price>900.005</oos:price>"),
                        replaced(xml(List.of(contract(35))), max, "<oos:maxPrice>12345678901234567</oos:maxPrice>"),
                        replaced(xml(List.of(contract(36))), "<oos:versionNumber>0<", "<oos:versionNumber>99999999999<"),
                        replaced(xml(List.of(contract(37))), "<oos:sum>", "<oos:sum>1e")});

        TestLoad.Result result = TestLoad.run(store, new EisContractLoad(drop));

        assertThat(result.counts()).containsExactly(new TableCounts("procurement.contract", 7, 2, 5));
        assertThat(TestLoad.strings(store, "SELECT right(reg_number, 2) || ' ' || initial_price || ' ' || contract_price"
                + " FROM procurement.contract ORDER BY 1")).containsExactly("31 3000000.00 2999999.50", "32 1000.00 900.50");
        assertThat(result.rejections()).extracting(r -> r.location() + " → " + r.reason())
                .containsExactly(
                        "amounts.zip!/3.xml:контракт / contract 1, line 2 → НМЦК не сумма (десятичное число до 16 цифр,"
                                + " не больше 2 знаков после точки): «1e3» / initial price is not an amount (a decimal"
                                + " number of up to 16 digits and 2 decimals)",
                        "amounts.zip!/4.xml:контракт / contract 1, line 2 → Цена контракта не сумма (десятичное число"
                                + " до 16 цифр, не больше 2 знаков после точки): «900.005» / contract price is not an"
                                + " amount (a decimal number of up to 16 digits and 2 decimals)",
                        "amounts.zip!/5.xml:контракт / contract 1, line 2 → НМЦК не сумма (десятичное число до 16 цифр,"
                                + " не больше 2 знаков после точки): «12345678901234567» / initial price is not an amount"
                                + " (a decimal number of up to 16 digits and 2 decimals)",
                        "amounts.zip!/6.xml:контракт / contract 1, line 2 → Номер редакции не целое число от 0 до"
                                + " 999999999: «99999999999» / version number is not a whole number from 0 to 999999999",
                        result.rejections().get(4).location() + " → " + result.rejections().get(4).reason());
        assertThat(result.rejections().get(4).reason()).startsWith("Сумма позиции не сумма").contains("«1e");
        assertThat(TestLoad.count(store, "meta.quarantine WHERE job = 'procurement'")).isEqualTo(5);
    }

    /** Writes {@code bytes} of 'x' into the open entry, in chunks: the bomb is never in the test's memory either. */
    private static void bomb(ZipOutputStream zip, long bytes) throws IOException {
        byte[] chunk = new byte[1 << 16];
        Arrays.fill(chunk, (byte) 'x');
        for (long left = bytes; left > 0; left -= chunk.length) {
            zip.write(chunk, 0, (int) Math.min(left, chunk.length));
        }
    }

    @Test
    void aZipBombIsQuarantinedWithoutReadingItIntoMemory() throws Exception {
        String name = "<oos:fullName>МБОУ «Школа № 1» г. Томска</oos:fullName>";
        String[] around = new String(xml(List.of(contract(41), contract(42))), StandardCharsets.UTF_8)
                .split(java.util.regex.Pattern.quote(name));
        String longName = new String(xml(List.of(contract(43), contract(44))), StandardCharsets.UTF_8);
        // A value split by comments is as long as one that is not.
        String pieces = ("x".repeat(1000) + "<!---->").repeat(2_000);
        try (OutputStream file = Files.newOutputStream(drop.resolve("bomb.zip")); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("bomb.xml")); // contract 41, then 300 MB in contract 42's name
            zip.write((around[0] + name + around[1] + "<oos:fullName>").getBytes(StandardCharsets.UTF_8));
            bomb(zip, 300L << 20);
            zip.write(("</oos:fullName>" + around[2]).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("long.xml")); // contract 43's name 3 MB, then 44 whole
            zip.write(longName.replaceFirst(java.util.regex.Pattern.quote(name), "<oos:fullName>" + "я".repeat(1_500_000)
                    + "</oos:fullName>").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("pieces.xml")); // contract 45's name 2 MB in pieces
            zip.write(new String(xml(List.of(contract(45))), StandardCharsets.UTF_8)
                    .replace(name, "<oos:fullName>" + pieces + "</oos:fullName>").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThat(Files.size(drop.resolve("bomb.zip"))).isLessThan(2 << 20);

        HeapPeak heap = HeapPeak.start();
        long before = heap.megabytes();
        TestLoad.Result result = TestLoad.run(store, new EisContractLoad(drop));
        heap.close();

        // Read: 41 and the rest of bomb.xml from 42 on, 43, 44, 45; loaded: 44 only — 41 came from an entry that was
        // not read to its end, so its CRC could not be checked.
        assertThat(result.counts()).containsExactly(new TableCounts("procurement.contract", 5, 1, 4));
        assertThat(TestLoad.strings(store, "SELECT right(reg_number, 2) FROM procurement.contract")).containsExactly("44");
        String tooLarge = "Запись архива больше 256 МБ после распаковки, не загружена / ZIP entry larger than 256 MB"
                + " uncompressed, not loaded";
        assertThat(result.rejections()).extracting(r -> r.location() + " → " + r.reason())
                .containsExactly(
                        "bomb.zip!/bomb.xml:контракт / contract 1, line 2 → " + tooLarge,
                        result.rejections().get(1).location() + " → " + tooLarge,
                        "bomb.zip!/long.xml:контракт / contract 1, line 2 → Слишком длинное значение поля fullName"
                                + " (больше 1 МБ), не прочитано / field fullName too long (over 1 MB), not read",
                        "bomb.zip!/pieces.xml:контракт / contract 1, line 2 → Слишком длинное значение поля fullName"
                                + " (больше 1 МБ), не прочитано / field fullName too long (over 1 MB), not read");
        assertThat(result.rejections().get(0).raw()).contains("regNum=" + contract(41).regNum());
        assertThat(result.rejections().get(1).location().source()).isEqualTo("bomb.zip!/bomb.xml");
        assertThat(result.rejections().get(1).location().position()).matches("line 3, column \\d+");
        assertThat(result.rejections().get(1).raw()).contains("regNum=" + contract(42).regNum()).hasSizeLessThan(1_000);
        assertThat(result.rejections().get(2).raw()).contains("name=null").hasSizeLessThan(1_000);
        // 300 MB of text would be 600 MB as Java chars; the load holds at most a value's megabyte or two of it.
        assertThat(heap.megabytes() - before).isLessThan(150);
    }

    @Test
    void entriesAndFilesThatAreNotContractFilesAreRecordedNotDropped() throws Exception {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(inner)) {
            zip.putNextEntry(new ZipEntry("five.xml"));
            zip.write(xml(List.of(contract(51), contract(52), contract(53), contract(54), contract(55))));
            zip.closeEntry();
        }
        zip(drop.resolve("a_mixed.zip"), new String[]{"folder/", "inner.zip", "contracts.XML.txt", "folder/UPPER.XML"},
                new byte[][]{new byte[0], inner.toByteArray(), xml(List.of(contract(56))), xml(List.of(contract(57)))});
        zip(drop.resolve("b_empty.zip"), new String[0], new byte[0][]);
        Files.write(drop.resolve("c_loose.xml"), xml(List.of(contract(58))));
        Files.write(drop.resolve("d_upload.zip.part"), new byte[]{'P', 'K'});
        Files.writeString(drop.resolve("e_notes.txt"), "не контракты");
        zip(drop.resolve("f_export"), new String[]{"one.xml"}, new byte[][]{xml(List.of(contract(59)))}); // a download's name

        TestLoad.Result result = TestLoad.run(store, new EisContractLoad(drop));

        assertThat(result.counts()).containsExactly(new TableCounts("procurement.contract", 7, 3, 4));
        assertThat(TestLoad.strings(store, "SELECT right(reg_number, 2) FROM procurement.contract ORDER BY 1"))
                .containsExactly("57", "58", "59");
        assertThat(result.rejections()).extracting(r -> r.location() + " → " + r.reason())
                .containsExactly(
                        "a_mixed.zip!/inner.zip:запись архива / archive entry → Вложенный архив не читается / nested archive not read",
                        "a_mixed.zip!/contracts.XML.txt:запись архива / archive entry → Не XML-файл, не прочитан / not an XML entry, not read",
                        "b_empty.zip:архив / archive → Пустой архив, в нём нет файлов / empty archive, it holds no files",
                        "e_notes.txt:файл / file → Не архив ZIP и не XML-файл, не прочитан / neither a ZIP archive nor an XML file, not read");
        // The upload in progress is left for a later run; the others are done and skipped next time.
        assertThat(result.sources()).containsOnlyKeys("a_mixed.zip", "b_empty.zip", "c_loose.xml", "e_notes.txt", "f_export");
        assertThat(TestLoad.run(store, new EisContractLoad(drop)).counts())
                .containsExactly(new TableCounts("procurement.contract", 0, 0, 0));
    }

    @Test
    void aStoredEntryWithAChangedByteIsQuarantinedWholeByItsCrc() throws Exception {
        byte[] changed = xml(List.of(contract(61), contract(62)));
        byte[] good = xml(List.of(contract(63)));
        try (OutputStream file = Files.newOutputStream(drop.resolve("stored.zip")); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (String entry : new String[]{"changed.xml", "good.xml"}) {
                byte[] content = entry.equals("good.xml") ? good : changed;
                ZipEntry stored = new ZipEntry(entry);
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(content.length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(content);
                stored.setCrc(crc.getValue());
                zip.putNextEntry(stored);
                zip.write(content);
                zip.closeEntry();
            }
        }
        byte[] archive = Files.readAllBytes(drop.resolve("stored.zip"));
        String latin = new String(archive, StandardCharsets.ISO_8859_1);
        int at = latin.indexOf("<oos:price>900.00", latin.indexOf(contract(62).regNum())) + "<oos:price>".length();
        archive[at] = '8'; // 900.00 → 800.00 after the CRC was computed
        Files.write(drop.resolve("stored.zip"), archive);
        zip(drop.resolve("t_header.zip"), new String[]{"one.xml"}, new byte[][]{xml(List.of(contract(64)))});
        byte[] header = Files.readAllBytes(drop.resolve("t_header.zip"));
        header[2] = 0; // the entry's local header signature: ZipFile opens the archive, not the entry
        Files.write(drop.resolve("t_header.zip"), header);

        TestLoad.Result result = TestLoad.run(store, new EisContractLoad(drop));

        assertThat(result.counts()).containsExactly(new TableCounts("procurement.contract", 4, 1, 3));
        assertThat(TestLoad.strings(store, "SELECT right(reg_number, 2) || ' ' || contract_price FROM procurement.contract"))
                .containsExactly("63 900.00");
        String mismatch = "Контрольная сумма записи архива не сходится, запись не загружена / ZIP entry CRC mismatch,"
                + " the entry was not loaded";
        assertThat(result.rejections()).extracting(r -> r.location() + " → " + r.reason())
                .containsExactly("stored.zip!/changed.xml:контракт / contract 1, line 2 → " + mismatch,
                        "stored.zip!/changed.xml:контракт / contract 2, line 3 → " + mismatch,
                        "t_header.zip!/one.xml:начало файла / start of the file → Запись архива повреждена, не загружена"
                                + " / damaged ZIP entry, not loaded: ZipFile invalid LOC header (bad signature)");
        assertThat(result.rejections().get(1).raw()).contains("regNum=" + contract(62).regNum(), "price=800.00");
        assertThat(TestLoad.count(store, "meta.quarantine WHERE job = 'procurement'")).isEqualTo(3);
    }

    @Test
    void aDoctypeOrBadUtf8IsRefusedInWordsNotInTheParsersClassNames() throws Exception {
        String text = new String(xml(List.of(contract(71))), StandardCharsets.UTF_8);
        String withEntity = text.replaceFirst("\\?>", "?><!DOCTYPE export [<!ENTITY xxe \"Школа\">]>")
                .replace("МБОУ «Школа № 1» г. Томска", "&xxe;");
        byte[] badUtf8 = xml(List.of(contract(72), contract(73)));
        String latin = new String(badUtf8, StandardCharsets.ISO_8859_1);
        int at = latin.indexOf("fullName>", latin.indexOf(contract(73).regNum())) + "fullName>".length();
        badUtf8[at + 1] = 'A'; // the second byte of «М»: an intact entry with bad UTF-8 in it
        zip(drop.resolve("entity.zip"), new String[]{"entity.xml", "utf8.xml"},
                new byte[][]{withEntity.getBytes(StandardCharsets.UTF_8), badUtf8});

        TestLoad.Result result = TestLoad.run(store, new EisContractLoad(drop));

        // The contract before the bad byte stays: the entry's CRC matches, only its XML is broken.
        assertThat(result.counts()).containsExactly(new TableCounts("procurement.contract", 3, 1, 2));
        assertThat(TestLoad.strings(store, "SELECT right(reg_number, 2) FROM procurement.contract")).containsExactly("72");
        assertThat(result.rejections()).extracting(r -> r.location().source() + " → " + r.reason()).containsExactly(
                "entity.zip!/entity.xml → Ссылки на сущности (DOCTYPE) не допускаются, остаток файла не прочитан / entity"
                        + " references (DOCTYPE) are not allowed, the rest of the file was not read",
                "entity.zip!/utf8.xml → Повреждённый XML, остаток файла не прочитан / malformed XML, the rest of the"
                        + " file was not read: " + result.rejections().get(1).reason().split("was not read: ")[1]);
        assertThat(result.rejections()).allSatisfy(r -> {
            assertThat(r.location().position()).matches("line \\d+, column \\d+");
            assertThat(r.reason()).doesNotContain("Exception", "com.", "java.");
        });
        assertThat(result.rejections().get(1).raw()).contains("regNum=" + contract(73).regNum());
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
