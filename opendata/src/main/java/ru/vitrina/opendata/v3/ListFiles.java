package ru.vitrina.opendata.v3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.vitrina.opendata.dataset.Catalogue;
import ru.vitrina.opendata.dataset.DataSet;

import java.util.List;

/**
 * The registry {@code /opendata/list.csv}, {@code list.xml} and {@code list.json}: one row per data set, with the
 * link to its folder. The JSON form is the XML's, as portals serve it (torgi.gov.ru, budget.gov.ru, data.mos.ru).
 */
public final class ListFiles {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** @param base the absolute address of {@code /opendata/}, ending with a slash */
    public String csv(Catalogue catalogue, String base) {
        StringBuilder file = new StringBuilder(Csv.line(List.of("property", "title", "value", "format")));
        file.append(Csv.line(java.util.Arrays.asList("standardversion", "Версия методических рекомендаций", Passport.STANDARD, null)));
        for (DataSet set : catalogue.dataSets()) {
            file.append(Csv.line(List.of(set.identifier(), set.title().ru(), base + set.identifier() + "/", "csv")));
        }
        return file.toString();
    }

    public String json(Catalogue catalogue, String base) {
        ObjectNode root = json.createObjectNode();
        root.put("standardversion", Passport.STANDARD);
        ArrayNode items = root.putArray("meta");
        for (DataSet set : catalogue.dataSets()) {
            items.addObject().put("identifier", set.identifier()).put("title", set.title().ru()).put("link", base + set.identifier() + "/")
                    .put("format", "csv");
        }
        try {
            return json.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String xml(Catalogue catalogue, String base) {
        return PassportFiles.Xml.document(xml -> {
            xml.writeStartElement("list");
            PassportFiles.Xml.element(xml, "standardversion", Passport.STANDARD);
            xml.writeStartElement("meta");
            for (DataSet set : catalogue.dataSets()) {
                xml.writeStartElement("item");
                PassportFiles.Xml.element(xml, "identifier", set.identifier());
                PassportFiles.Xml.element(xml, "title", set.title().ru());
                PassportFiles.Xml.element(xml, "link", base + set.identifier() + "/");
                PassportFiles.Xml.element(xml, "format", "csv");
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
        });
    }
}
