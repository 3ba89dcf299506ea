package ru.vitrina.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import ru.vitrina.engine.access.Principal;
import ru.vitrina.engine.access.Role;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Authentication of a running Vitrina: the users file, the route rules, login throttling and the checks of
 * passwords, tokens and sessions. Built once per application, closed with it.
 */
public final class Security implements AutoCloseable {
    /** Passwords a production deployment must not start with. */
    private static final Set<String> DEFAULT_PASSWORDS = Set.of("admin", "administrator", "password", "vitrina",
            "demo", "changeme", "change-me", "secret", "123456", "12345678", "qwerty");

    private final SecuritySettings settings;
    private final AuthStore users;
    private final RouteRules rules;
    private final LoginThrottle throttle;
    private final Secrets secrets;
    private final Clock clock;
    private final AuditTrail audit;
    /** Basic credentials (JDBC) checked within the last minute: argon2 once a minute, not on every JDBC call. */
    private final Cache<String, Principal> basicChecked = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1)).maximumSize(10_000).build();

    private Security(SecuritySettings settings, AuthStore users, RouteRules rules, Secrets secrets, Clock clock) {
        this.settings = settings;
        this.users = users;
        this.rules = rules;
        this.secrets = secrets;
        this.clock = clock;
        this.throttle = new LoginThrottle(settings.loginsPerMinute(), clock);
        this.audit = new AuditTrail(users.connection(), clock);
    }

    /**
     * Opens the users file: {@code settings.usersFile()}, else {@code <store>.auth.duckdb} beside a store file,
     * else in memory for a store in memory.
     */
    public static Security open(SecuritySettings settings, String storeLocation, Clock clock) {
        requireNonNull(settings, "settings");
        Path file = settings.usersFile() != null ? settings.usersFile()
                : ":memory:".equals(storeLocation) ? null : Path.of(storeLocation + ".auth.duckdb");
        SecureRandom random = new SecureRandom();
        Secrets secrets = new Secrets(random);
        AuthStore users = AuthStore.open(file, new PasswordHasher(random), secrets, clock);
        return new Security(settings, users, RouteRules.builtIn(), secrets, clock);
    }

    /**
     * Makes sure someone can log in. With users already stored nothing happens. Otherwise production creates the
     * administrator {@code admin} from {@code VITRINA_ADMIN_PASSWORD} and refuses a missing or default one; a demo
     * creates one user per role with random passwords.
     *
     * @return the logins and passwords created, to be shown once; empty when none were
     * @throws IllegalStateException when production lacks a proper administrator password
     */
    public Map<String, String> bootstrap() {
        checkProduction();
        Map<String, String> created = new LinkedHashMap<>();
        if (users.hasUsers()) {
            return created;
        }
        if (settings.production()) {
            users.saveUser(new AuthStore.UserAccount("admin", EnumSet.of(Role.ADMINISTRATOR), Set.of(), Set.of(), false),
                    settings.adminPassword());
            created.put("admin", "(VITRINA_ADMIN_PASSWORD)");
            return created;
        }
        for (AuthStore.UserAccount account : demoAccounts()) {
            String password = secrets.password();
            users.saveUser(account, password);
            created.put(account.login(), password);
        }
        return created;
    }

    /**
     * One user per role; the municipal officer sees Асиновский район (OKTMO 69608000) only, the data officer enters the
     * region's values of two national-goal indicators entered by hand.
     */
    public static List<AuthStore.UserAccount> demoAccounts() {
        List<AuthStore.UserAccount> accounts = new ArrayList<>();
        accounts.add(new AuthStore.UserAccount("viewer", EnumSet.of(Role.VIEWER), Set.of(), Set.of(), false));
        accounts.add(new AuthStore.UserAccount("analyst", EnumSet.of(Role.ANALYST), Set.of(), Set.of(), false));
        accounts.add(new AuthStore.UserAccount("municipal", EnumSet.of(Role.MUNICIPAL_OFFICER), Set.of("69608000"), Set.of(), false));
        accounts.add(new AuthStore.UserAccount("dataofficer", EnumSet.of(Role.DATA_OFFICER), Set.of(), Set.of("RF-NAT-1", "RF-NAT-2"), false));
        accounts.add(new AuthStore.UserAccount("admin", EnumSet.of(Role.ADMINISTRATOR), Set.of(), Set.of(), false));
        return accounts;
    }

    /** The demo account that holds this role. */
    public static String demoLogin(Role role) {
        return demoAccounts().stream().filter(a -> a.roles().contains(role)).findFirst()
                .map(AuthStore.UserAccount::login).orElseThrow(() -> new IllegalArgumentException("no demo user has role " + role));
    }

    private void checkProduction() {
        if (!settings.production()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (!settings.cookieSecure()) {
            problems.add("security.cookie_secure must be true: session cookies travel over HTTPS only");
        }
        if (settings.oidc() != null) {
            problems.addAll(settings.oidc().productionProblems());
        }
        if (!users.hasUsers()) {
            String password = settings.adminPassword();
            if (password == null || password.isBlank()) {
                problems.add("VITRINA_ADMIN_PASSWORD is not set and no user exists yet");
            } else if (password.length() < 12 || DEFAULT_PASSWORDS.contains(password.toLowerCase(java.util.Locale.ROOT))) {
                problems.add("VITRINA_ADMIN_PASSWORD is a default or shorter than 12 characters");
            }
        } else {
            for (AuthStore.UserAccount demo : demoAccounts()) {
                if (!demo.login().equals("admin") && users.user(demo.login()).filter(u -> !u.disabled()).isPresent()) {
                    problems.add("demo user '" + demo.login() + "' is enabled; disable it (POST /api/v1/admin/users) or use a new users file");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Рабочий режим не запущен / production mode refuses to start: " + String.join("; ", problems));
        }
    }

    /** A user's password checked once a minute at most (HTTP Basic from JDBC clients sends it on every call). */
    public Optional<Principal> checkBasic(String login, String password) {
        if (password.startsWith(AuthStore.TOKEN_PREFIX)) {
            return users.checkToken(password);
        }
        String key = Secrets.sha256(login + "\u0000" + password);
        Principal known = basicChecked.getIfPresent(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Principal> checked = users.checkPassword(login, password);
        checked.ifPresent(principal -> basicChecked.put(key, principal));
        return checked;
    }

    /** Forgets remembered Basic checks, after a user changed. */
    void forgetChecks() {
        basicChecked.invalidateAll();
    }

    public SecuritySettings settings() {
        return settings;
    }

    public AuthStore users() {
        return users;
    }

    public RouteRules rules() {
        return rules;
    }

    public LoginThrottle throttle() {
        return throttle;
    }

    public Clock clock() {
        return clock;
    }

    public AuditTrail audit() {
        return audit;
    }

    @Override
    public void close() {
        audit.close();
        users.close();
    }
}
