package ru.vitrina.opendata.frictionless;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.vitrina.opendata.dataset.DataSet;
import ru.vitrina.opendata.dataset.Field;
import ru.vitrina.opendata.publish.PublishedVersion;

import java.util.List;

/**
 * A data set as a Frictionless Tabular Data Package (v1, the version most tools read): one CSV resource per
 * version, each with its Table Schema (Russian title, English description, as the structure file has them) and an
 * explicit dialect, so that validators do not have to guess.
 */
public final class DataPackages {
    private final ObjectMapper json = new ObjectMapper();

    /** @param link the absolute address of the data set's folder, ending with a slash; versions newest first */
    public ObjectNode descriptor(DataSet set, List<PublishedVersion> versions, String link) {
        ObjectNode root = json.createObjectNode();
        root.put("profile", "tabular-data-package");
        root.put("name", set.name());
        root.put("id", set.identifier());
        root.put("title", set.title().ru());
        root.put("description", set.description().ru() + "\n\n" + set.description().en());
        root.put("homepage", link);
        ArrayNode keywords = root.putArray("keywords");
        set.keywords().forEach(keywords::add);
        root.putArray("licenses").addObject().put("name", set.licence().id()).put("path", set.licence().url())
                .put("title", set.licence().title());
        root.putArray("contributors").addObject().put("title", set.publisher().name()).put("email", set.publisher().mbox())
                .put("role", "publisher").put("organization", set.creator().ru());
        ArrayNode resources = root.putArray("resources");
        for (PublishedVersion version : versions) {
            resources.add(resource(version, link));
        }
        return root;
    }

    private ObjectNode resource(PublishedVersion version, String link) {
        ObjectNode resource = json.createObjectNode();
        resource.put("profile", "tabular-data-resource");
        resource.put("name", version.baseName());
        resource.put("path", link + version.baseName() + ".csv");
        resource.put("format", "csv");
        resource.put("mediatype", "text/csv");
        resource.put("encoding", "utf-8");
        resource.put("bytes", version.bytes());
        resource.put("hash", "sha256:" + version.sha256());
        resource.putObject("dialect").put("delimiter", ",").put("header", true).put("doubleQuote", true)
                .put("quoteChar", "\"").put("lineTerminator", "\r\n");
        resource.set("schema", schema(version.fields()));
        return resource;
    }

    public ObjectNode schema(List<Field> fields) {
        ObjectNode schema = json.createObjectNode();
        ArrayNode list = schema.putArray("fields");
        for (Field field : fields) {
            list.addObject().put("name", field.name()).put("title", field.titleRu()).put("description", field.titleEn())
                    .put("type", field.type().frictionless());
        }
        schema.putArray("missingValues").add("");
        return schema;
    }
}
