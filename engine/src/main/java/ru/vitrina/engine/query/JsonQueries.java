package ru.vitrina.engine.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small queries the engine asks itself, written in the public query format so they go the same way as users' queries. */
final class JsonQueries {
    private JsonQueries() {
    }

    static JsonNode labelLookup(String cube, String level, String label, String member) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode query = json.objectNode();
        query.putArray("dimensions").add(cube + "." + label);
        ObjectNode filter = query.putArray("filters").addObject();
        filter.put("member", cube + "." + level);
        filter.put("operator", "equals");
        filter.putArray("values").add(member);
        query.put("limit", 1);
        return query;
    }
}
