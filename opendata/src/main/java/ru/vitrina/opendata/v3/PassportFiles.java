package ru.vitrina.opendata.v3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.vitrina.opendata.dataset.DataSet;
import ru.vitrina.opendata.publish.PublishedVersion;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.List;

/** meta.csv, meta.json and meta.xml of one passport, in the shapes real v3.0 portals use (see docs/OPENDATA.md). */
public final class PassportFiles {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String csv(Passport passport) {
        DataSet set = passport.dataSet();
        StringBuilder file = new StringBuilder(Csv.line(List.of("property", "value")));
        row(file, "standardversion", Passport.STANDARD);
        row(file, "identifier", set.identifier());
        row(file, "title", set.title().ru());
        row(file, "description", set.description().ru());
        row(file, "creator", set.creator().ru());
        row(file, "created", passport.created());
        row(file, "modified", passport.modified());
        row(file, "subject", passport.subject());
        row(file, "format", "CSV");
        row(file, "provenance", passport.provenance());
        row(file, "valid", passport.valid());
        row(file, "publishername", set.publisher().name());
        row(file, "publisherphone", set.publisher().phone());
        row(file, "publishermbox", set.publisher().mbox());
        for (PublishedVersion version : passport.versions()) {
            row(file, version.baseName(), passport.dataLink(version));
        }
        for (PublishedVersion version : passport.structures()) {
            row(file, version.structureFileName().replace(".csv", ""), passport.structureLink(version));
        }
        return file.toString();
    }

    private static void row(StringBuilder file, String property, String value) {
        file.append(Csv.line(List.of(property, value)));
    }

    public String json(Passport passport) {
        DataSet set = passport.dataSet();
        ObjectNode root = json.createObjectNode();
        root.put("standardversion", Passport.STANDARD);
        root.put("identifier", set.identifier());
        root.put("title", set.title().ru());
        root.put("description", set.description().ru());
        root.put("creator", set.creator().ru());
        root.put("created", passport.created());
        root.put("modified", passport.modified());
        root.put("subject", passport.subject());
        root.put("format", "csv");
        ArrayNode data = root.putArray("data");
        for (PublishedVersion version : passport.versions()) {
            data.addObject().put("source", passport.dataLink(version)).put("created", Passport.compact(version.dataDate()))
                    .put("provenance", version.provenance()).put("valid", passport.valid(version))
                    .put("structure", Passport.compact(version.structureDate()));
        }
        ArrayNode structures = root.putArray("structure");
        for (PublishedVersion version : passport.structures()) {
            structures.addObject().put("source", passport.structureLink(version)).put("created", Passport.compact(version.structureDate()));
        }
        root.putObject("publisher").put("name", set.publisher().name()).put("phone", set.publisher().phone())
                .put("mbox", set.publisher().mbox());
        try {
            return json.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String xml(Passport passport) {
        DataSet set = passport.dataSet();
        return Xml.document(xml -> {
            xml.writeStartElement("meta");
            Xml.element(xml, "standardversion", Passport.STANDARD);
            Xml.element(xml, "identifier", set.identifier());
            Xml.element(xml, "title", set.title().ru());
            Xml.element(xml, "description", set.description().ru());
            Xml.element(xml, "creator", set.creator().ru());
            Xml.element(xml, "created", passport.created());
            Xml.element(xml, "modified", passport.modified());
            Xml.element(xml, "subject", passport.subject());
            Xml.element(xml, "format", "csv");
            xml.writeStartElement("data");
            for (PublishedVersion version : passport.versions()) {
                xml.writeStartElement("dataversion");
                Xml.element(xml, "source", passport.dataLink(version));
                Xml.element(xml, "created", Passport.compact(version.dataDate()));
                Xml.element(xml, "provenance", version.provenance());
                Xml.element(xml, "valid", passport.valid(version));
                Xml.element(xml, "structure", Passport.compact(version.structureDate()));
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeStartElement("structure");
            for (PublishedVersion version : passport.structures()) {
                xml.writeStartElement("structureversion");
                Xml.element(xml, "source", passport.structureLink(version));
                Xml.element(xml, "created", Passport.compact(version.structureDate()));
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeStartElement("publisher");
            Xml.element(xml, "name", set.publisher().name());
            Xml.element(xml, "phone", set.publisher().phone());
            Xml.element(xml, "mbox", set.publisher().mbox());
            xml.writeEndElement();
            xml.writeEndElement();
        });
    }

    /** A small helper over StAX: one document, UTF-8 declaration, no indentation. */
    static final class Xml {
        private Xml() {
        }

        interface Body {
            void write(XMLStreamWriter xml) throws XMLStreamException;
        }

        static String document(Body body) {
            StringWriter text = new StringWriter();
            try {
                XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
                xml.writeStartDocument("UTF-8", "1.0");
                body.write(xml);
                xml.writeEndDocument();
                xml.close();
            } catch (XMLStreamException e) {
                throw new IllegalStateException(e);
            }
            return text + "\n";
        }

        static void element(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
            xml.writeStartElement(name);
            xml.writeCharacters(value);
            xml.writeEndElement();
        }
    }
}
