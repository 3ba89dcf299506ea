package ru.vitrina.ingest.population;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * Rosstat's ЕМИСС (fedstat.ru) export of «Численность постоянного населения на 1 января» as an SDMX-ML generic
 * data message: one {@code generic:Series} per territory keyed by OKTMO, one {@code generic:Obs} per year.
 *
 * <p>The figures are those of the reference data (ref.population of a store loaded by ReferenceData), so a
 * load of this export lands on the same territories; with a non-zero seed each figure is moved by up to ±0.5 %,
 * as a revised Rosstat estimate would be, deterministically for the seed.
 */
public final class EmissPopulationSimulator {
    static final String MESSAGE_NS = "http://www.SDMX.org/resources/SDMXML/schemas/v2_0/message";
    static final String GENERIC_NS = "http://www.SDMX.org/resources/SDMXML/schemas/v2_0/generic";

    /** One published figure. */
    public record Figure(String oktmo, String nameRu, int year, long population) {
        public Figure {
            requireNonNull(oktmo, "oktmo");
            requireNonNull(nameRu, "nameRu");
        }
    }

    private final List<Figure> figures;
    private final long seed;

    public EmissPopulationSimulator(List<Figure> figures, long seed) {
        this.figures = List.copyOf(requireNonNull(figures, "figures"));
        this.seed = seed;
    }

    /** The region's and its municipalities' figures from ref.population and ref.territory of {@code connection}. */
    public static EmissPopulationSimulator fromReference(Connection connection, long seed) throws SQLException {
        List<Figure> figures = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT p.oktmo, t.name_ru, p.year, p.population"
                + " FROM ref.population p JOIN ref.territory t USING (oktmo) WHERE t.level <= 2 ORDER BY p.oktmo, p.year");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                figures.add(new Figure(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getLong(4)));
            }
        }
        return new EmissPopulationSimulator(figures, seed);
    }

    public List<Figure> figures() {
        return figures;
    }

    public void write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
    }

    public void write(OutputStream out) throws IOException {
        requireNonNull(out, "out");
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, List<Figure>> series = new LinkedHashMap<>();
        for (Figure figure : figures) {
            series.computeIfAbsent(figure.oktmo(), k -> new ArrayList<>()).add(figure);
        }
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.setPrefix("message", MESSAGE_NS);
            xml.setPrefix("generic", GENERIC_NS);
            xml.writeStartElement(MESSAGE_NS, "GenericData");
            xml.writeNamespace("message", MESSAGE_NS);
            xml.writeNamespace("generic", GENERIC_NS);
            xml.writeCharacters("\n");
            xml.writeStartElement(MESSAGE_NS, "Header");
            element(xml, MESSAGE_NS, "ID", "31557");
            element(xml, MESSAGE_NS, "Test", "false");
            element(xml, MESSAGE_NS, "Prepared", "2026-03-01T00:00:00");
            xml.writeStartElement(MESSAGE_NS, "Sender");
            xml.writeAttribute("id", "GKS");
            element(xml, MESSAGE_NS, "Name", "Федеральная служба государственной статистики");
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeStartElement(MESSAGE_NS, "DataSet");
            xml.writeCharacters("\n");
            for (List<Figure> territory : series.values()) {
                Figure first = territory.get(0);
                xml.writeStartElement(GENERIC_NS, "Series");
                xml.writeStartElement(GENERIC_NS, "SeriesKey");
                value(xml, "OKTMO", first.oktmo());
                value(xml, "s_mosr", first.nameRu());
                xml.writeEndElement();
                xml.writeStartElement(GENERIC_NS, "Attributes");
                value(xml, "EI", "человек");
                value(xml, "PERIOD", "на 1 января");
                xml.writeEndElement();
                xml.writeCharacters("\n");
                for (Figure figure : territory) {
                    long population = seed == 0 ? figure.population()
                            : Math.round(figure.population() * (1 + (random.nextDouble() - 0.5) / 100));
                    xml.writeStartElement(GENERIC_NS, "Obs");
                    xml.writeEmptyElement(GENERIC_NS, "ObsDimension");
                    xml.writeAttribute("value", Integer.toString(figure.year()));
                    xml.writeEmptyElement(GENERIC_NS, "ObsValue");
                    xml.writeAttribute("value", Long.toString(population));
                    xml.writeEndElement();
                    xml.writeCharacters("\n");
                }
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("Cannot write the SDMX message: " + e.getMessage(), e);
        }
    }

    private static void value(XMLStreamWriter xml, String concept, String value) throws XMLStreamException {
        xml.writeEmptyElement(GENERIC_NS, "Value");
        xml.writeAttribute("concept", concept);
        xml.writeAttribute("value", value);
    }

    private static void element(XMLStreamWriter xml, String ns, String name, String text) throws XMLStreamException {
        xml.writeStartElement(ns, name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
