package ru.vitrina.opendata.frictionless;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
 *
 * <p>A resource's {@code path} is a full URL when the site's public address is known, else the file's name: the
 * descriptor lies in the folder of the files, and the specification allows only URLs and relative POSIX paths
 * (frictionless-py and datapackage-js refuse a path starting with a slash as unsafe).
 */
public final class DataPackages {
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper indented = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The descriptor as served: indented JSON ending with a line break. */
    public String text(DataSet set, List<PublishedVersion> versions, String link) {
        try {
            return indented.writeValueAsString(descriptor(set, versions, link)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param link the absolute address of the data set's folder, ending with a slash; versions newest first */
    public ObjectNode descriptor(DataSet set, List<PublishedVersion> versions, String link) {
        ObjectNode root = json.createObjectNode();
        root.put("profile", "tabular-data-package");
        root.put("name", set.name());
        root.put("id", set.identifier());
        root.put("title", set.title().ru());
        root.put("description", set.description().ru() + "\n\n" + set.description().en());
        if (absolute(link)) {
            root.put("homepage", link);
        }
        ArrayNode keywords = root.putArray("keywords");
        set.keywords().forEach(keywords::add);
        root.putArray("licenses").addObject().put("name", set.licence().id()).put("path", set.licence().url())
                .put("title", set.licence().title());
        ObjectNode source = root.putArray("sources").addObject().put("title", set.source().title().ru());
        set.source().link().ifPresent(url -> source.put("path", url));
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
        resource.put("path", (absolute(link) ? link : "") + version.baseName() + ".csv");
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

    private static boolean absolute(String link) {
        return link.startsWith("https://") || link.startsWith("http://");
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
