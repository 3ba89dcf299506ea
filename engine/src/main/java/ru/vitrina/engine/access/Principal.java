package ru.vitrina.engine.access;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Who is asking: a login, its roles and the attributes that row-level security and indicator entry bind to.
 *
 * @param login        the user's login; {@code "anonymous"} for the public
 * @param roles        what the user may do
 * @param territories  OKTMO codes of the municipal formations the user is limited to; empty means no limit
 * @param indicators   codes of the indicators the user is responsible for entering
 */
public record Principal(String login, Set<Role> roles, Set<String> territories, Set<String> indicators) {

    private static final Principal ANONYMOUS = new Principal("anonymous", Set.of(Role.PUBLIC), Set.of(), Set.of());
    private static final Principal SYSTEM = new Principal("system",
            EnumSet.complementOf(EnumSet.of(Role.MUNICIPAL_OFFICER)), Set.of(), Set.of());

    public Principal {
        requireNonNull(login, "login");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        territories = Set.copyOf(territories);
        indicators = Set.copyOf(indicators);
    }

    /** Someone without a login: public data only. */
    public static Principal anonymous() {
        return ANONYMOUS;
    }

    /** Vitrina itself (jobs, open-data publication, start-up checks): every row, every member. */
    public static Principal system() {
        return SYSTEM;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /**
     * Whether this user may ask questions of their own (analysts, municipal officers: the routes' QUERYING roles), as
     * opposed to wall screens, the public and the other roles, whose queries are mostly the dashboards'. Decided by role,
     * not by request, since dashboards and ad hoc queries share /api/v1/load: such a user's heavy work waits in the
     * {@link AnalyticalLane}, and a query over their {@link QueryPermits} is refused rather than queued.
     */
    public boolean asksOwnQuestions() {
        return !equals(SYSTEM) && (has(Role.ANALYST) || has(Role.MUNICIPAL_OFFICER));
    }

    /** True when row-level security limits this user to some territories. */
    public boolean limitedToTerritories() {
        return !territories.isEmpty();
    }

    /**
     * What distinguishes this user's view of the data: two users with equal keys see equal answers, so a cached
     * answer may be shared between them and never between users with different keys.
     */
    public String rightsKey() {
        return new TreeSet<>(roles) + "|" + new TreeSet<>(territories);
    }
}
