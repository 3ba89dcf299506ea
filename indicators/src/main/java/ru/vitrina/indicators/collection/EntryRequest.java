package ru.vitrina.indicators.collection;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an officer sends to save a value.
 *
 * @param value           the value as sent (must be a JSON number)
 * @param unit            the unit the officer believes it is in, or null; must match the passport's
 * @param comment         explanation; required when the value is off target
 * @param expectedVersion the version the officer read (0 or null for a new entry)
 */
public record EntryRequest(JsonNode value, String unit, String comment, Integer expectedVersion) {
}
