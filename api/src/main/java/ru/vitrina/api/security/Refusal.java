package ru.vitrina.api.security;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** A refusal as every Vitrina route answers one: {@code {"error": "русский / English", "status": N}}. */
public final class Refusal {
    private Refusal() {
    }

    public static void answer(Context ctx, int status, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", message);
        body.put("status", status);
        ctx.status(status).contentType("application/json; charset=utf-8").result(body.toString());
    }
}
