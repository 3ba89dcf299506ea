package ru.vitrina.api.security;

import io.javalin.http.Context;
import ru.vitrina.engine.access.Principal;

/** Where a request keeps the principal that authentication found for it. */
public final class Access {
    private static final String ATTRIBUTE = "vitrina.principal";

    private Access() {
    }

    /** The authenticated user of this request, or the anonymous public user. */
    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(ATTRIBUTE);
        return principal == null ? Principal.anonymous() : principal;
    }

    /** Called by authentication only. */
    public static void authenticate(Context ctx, Principal principal) {
        ctx.attribute(ATTRIBUTE, principal);
    }
}
