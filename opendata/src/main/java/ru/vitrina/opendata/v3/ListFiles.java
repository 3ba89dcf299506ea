package ru.vitrina.opendata.v3;

import ru.vitrina.opendata.dataset.Catalogue;
import ru.vitrina.opendata.dataset.DataSet;

import java.util.List;

/** The registry {@code /opendata/list.csv} and {@code list.xml}: one row per data set, with the link to its folder. */
public final class ListFiles {
    /** @param base the absolute address of {@code /opendata/}, ending with a slash */
    public String csv(Catalogue catalogue, String base) {
        StringBuilder file = new StringBuilder(Csv.line(List.of("property", "title", "value", "format")));
        file.append(Csv.line(java.util.Arrays.asList("standardversion", "Версия методических рекомендаций", Passport.STANDARD, null)));
        for (DataSet set : catalogue.dataSets()) {
            file.append(Csv.line(List.of(set.identifier(), set.title().ru(), base + set.identifier() + "/", "csv")));
        }
        return file.toString();
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
