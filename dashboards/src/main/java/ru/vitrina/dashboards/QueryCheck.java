package ru.vitrina.dashboards;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Asks whether a cube query can be answered; the server passes its query parser, so a dashboard is checked
 * against the same model that will answer it. Throws with the parser's message when it cannot.
 */
@FunctionalInterface
public interface QueryCheck {
    void check(JsonNode query);
}
