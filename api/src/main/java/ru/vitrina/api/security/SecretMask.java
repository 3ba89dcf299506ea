package ru.vitrina.api.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the values of secret-bearing fields (password, secret, token, credentials, API key, authorization) in an
 * audit entry's detail, whatever route it came from: a request body as JSON (Avatica's openConnection carries a
 * password too), as a form or as malformed JSON, and a query string. A detail without such a field is kept exactly as
 * it was, so that its SHA-256 still matches the request.
 */
final class SecretMask {
    static final String MASK = "***";
    private static final Pattern SECRET_NAME = Pattern.compile(
            "password|passwd|passphrase|pwd|secret|token|credential|api[_-]?key|authorization|cookie", Pattern.CASE_INSENSITIVE);
    /** A JSON string key naming a secret, then its value: a string or a bare scalar. Used where the JSON does not parse. */
    private static final Pattern JSON_PAIR = Pattern.compile(
            "(\"(?:[^\"\\\\]|\\\\.)*\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"?|[^,}\\]\\s]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretMask() {
    }

    /** The detail with every secret's value replaced by {@value #MASK}; the same string when it holds none. */
    static String mask(String detail) {
        if (detail == null || !secret(detail)) {
            return detail;
        }
        JsonNode tree = parsed(detail);
        if (tree != null) {
            return maskTree(tree) ? tree.toString() : detail;
        }
        return maskPairs(maskJsonText(detail));
    }

    /** Whether the text names a secret anywhere (a field name, or a whole detail before it is looked at closely). */
    private static boolean secret(String name) {
        return SECRET_NAME.matcher(name).find();
    }

    private static JsonNode parsed(String detail) {
        try {
            JsonNode tree = JSON.readTree(detail);
            return tree != null && tree.isContainerNode() ? tree : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static boolean maskTree(JsonNode node) {
        boolean masked = false;
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (secret(field.getKey()) && !field.getValue().isNull()) {
                    field.setValue(TextNode.valueOf(MASK));
                    masked = true;
                } else {
                    masked |= maskTree(field.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                masked |= maskTree(element);
            }
        }
        return masked;
    }

    private static String maskJsonText(String text) {
        Matcher pair = JSON_PAIR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (pair.find()) {
            String key = pair.group(1);
            String replacement = secret(key.substring(0, key.lastIndexOf(':'))) ? key + "\"" + MASK + "\"" : pair.group();
            pair.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        pair.appendTail(out);
        return out.toString();
    }

    /** {@code name=value&…} pairs (a query string, a form body): a secret name's value is masked. */
    private static String maskPairs(String text) {
        String[] pairs = text.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            int equals = pairs[i].indexOf('=');
            if (equals > 0 && secret(decoded(pairs[i].substring(0, equals)))) {
                pairs[i] = pairs[i].substring(0, equals + 1) + MASK;
            }
        }
        return String.join("&", pairs);
    }

    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }
}
