package ru.vitrina.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.server.TestServer;
import ru.vitrina.engine.access.Role;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Queries, logins, refusals and administrative changes land in the audit trail, which administrators can query. */
class AuditTrailTest {
    private final TestServer server = TestServer.shared();

    private JsonNode entries(String filter) {
        HttpResponse<String> response = server.as(Role.ADMINISTRATOR).get("/api/v1/admin/audit?" + filter);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return server.parse(response.body()).get("entries");
    }

    @Test
    void aQueryIsRecordedWithWhoFromWhereRowsStatusAndItsText() {
        String marker = "audit-" + System.nanoTime();
        String query = "{\"query\": {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.section\"], \"filters\": [{\"member\":"
                + " \"budget.municipality_name\", \"operator\": \"notEquals\", \"values\": [\"" + marker + "\"]}]}}";
        HttpResponse<String> answer = server.as(Role.ANALYST).post("/api/v1/load", query);
        int rows = server.parse(answer.body()).get("data").size();
        JsonNode found = null;
        for (JsonNode entry : entries("login=analyst&route=/api/v1/load&limit=50")) {
            if (entry.path("detail").asText().contains(marker)) {
                found = entry;
            }
        }
        assertThat(found).as("the query is in the trail").isNotNull();
        assertThat(found.get("event").asText()).isEqualTo("request");
        assertThat(found.get("remote").asText()).isEqualTo("127.0.0.1");
        assertThat(found.get("status").asInt()).isEqualTo(200);
        assertThat(found.get("rows").asInt()).isEqualTo(rows).isPositive();
        assertThat(found.get("detailSha256").asText()).isEqualTo(Secrets.sha256(query));

        HttpResponse<String> sql = server.as(Role.ANALYST).post("/api/v1/sql", "{\"sql\": \"select '" + marker + "' as m from budget limit 3\"}");
        assertThat(sql.statusCode()).isEqualTo(200);
        List<Integer> sqlRows = new ArrayList<>();
        entries("route=/api/v1/sql&limit=50").forEach(e -> {
            if (e.path("detail").asText().contains(marker)) {
                sqlRows.add(e.get("rows").asInt());
            }
        });
        assertThat(sqlRows).containsExactly(3);
    }

    @Test
    void streamedExportsAndOpenDataDownloadsRecordTheRowsTheyWrote() {
        // A user of its own, so that the trail's entries for this login are this test's alone.
        String login = "exp" + Long.toString(System.nanoTime(), 36);
        server.application().security().users().saveUser(new AuthStore.UserAccount(login, java.util.EnumSet.of(Role.ANALYST),
                java.util.Set.of(), java.util.Set.of(), false), "an export password");
        String token = server.application().security().users().issueToken(login, "exports", java.time.Instant.now().plusSeconds(3600)).secret();
        TestServer.Caller analyst = server.withAuthorization("Bearer " + token);
        String query = "{\"query\": {\"measures\": [\"budget.fact\"], \"dimensions\": [\"budget.section\"]}}";
        int rows = server.parse(analyst.post("/api/v1/load", query).body()).get("data").size();
        assertThat(rows).isGreaterThan(1);
        List<String> formats = List.of("csv", "csv-ru", "xlsx", "parquet", "arrow");
        for (String format : formats) {
            HttpResponse<String> file = analyst.post("/api/v1/load?format=" + format, query);
            assertThat(file.statusCode()).as(format).isEqualTo(200);
            HttpResponse<String> sql = analyst.post("/api/v1/sql?format=" + format, "{\"sql\": \"select section from budget limit 7\"}");
            assertThat(sql.statusCode()).as(format + ": " + sql.body()).isEqualTo(200);
        }
        List<Integer> loads = new ArrayList<>();
        entries("login=" + login + "&route=/api/v1/load").forEach(e -> loads.add(e.path("rows").isNull() ? -1 : e.get("rows").asInt()));
        assertThat(loads).as("the JSON answer and each file").hasSize(formats.size() + 1).containsOnly(rows);
        List<Integer> sqls = new ArrayList<>();
        entries("login=" + login + "&route=/api/v1/sql").forEach(e -> sqls.add(e.path("rows").isNull() ? -1 : e.get("rows").asInt()));
        assertThat(sqls).hasSize(formats.size()).containsOnly(7);

        var set = server.application().openData().catalogue().find("7000000885-Morbidity").orElseThrow();
        var version = server.application().openData().versions(set.identifier()).get(0);
        String marker = "aud=" + System.nanoTime();
        for (String extension : List.of("csv", "json", "xlsx", "parquet")) {
            String path = "/opendata/" + set.identifier() + "/" + version.baseName() + "." + extension + "?" + marker;
            assertThat(server.get(path).statusCode()).as(path).isEqualTo(200);
        }
        List<Long> downloads = new ArrayList<>();
        entries("login=anonymous&route=/opendata/" + set.identifier() + "&limit=200").forEach(e -> {
            if (e.path("detail").asText().contains(marker)) {
                downloads.add(e.path("rows").isNull() ? -1 : e.get("rows").asLong());
            }
        });
        assertThat(downloads).hasSize(4).containsOnly(version.rows());
    }

    @Test
    void loginsFailedLoginsRefusalsAndUserChangesAreRecorded() {
        String login = "aud" + Long.toString(System.nanoTime(), 36);
        server.post("/api/v1/auth/login", "{\"login\": \"" + login + "\", \"password\": \"wrong\"}");
        HttpResponse<String> created = server.as(Role.ADMINISTRATOR).post("/api/v1/admin/users",
                "{\"login\": \"" + login + "\", \"password\": \"a good long password\", \"roles\": [\"VIEWER\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        server.post("/api/v1/auth/login", "{\"login\": \"" + login + "\", \"password\": \"a good long password\"}");
        server.as(Role.VIEWER).post("/api/v1/sql", "{\"sql\": \"select 1\"}");

        assertThat(entries("login=" + login + "&event=login_failed")).hasSize(1);
        assertThat(entries("login=" + login + "&event=login")).hasSize(1);
        JsonNode saved = entries("event=user_saved&limit=20");
        assertThat(saved.toString()).contains(login).doesNotContain("a good long password");
        assertThat(saved.get(0).get("login").asText()).isEqualTo("admin");
        JsonNode denied = entries("login=viewer&event=denied&route=/api/v1/sql");
        assertThat(denied).isNotEmpty();
        assertThat(denied.get(0).get("status").asInt()).isEqualTo(403);
    }

    @Test
    void onlyAdministratorsReadTheTrailAndBadFiltersAre400NamingTheParameter() {
        assertThat(server.as(Role.ANALYST).get("/api/v1/admin/audit").statusCode()).isEqualTo(403);
        assertThat(server.get("/api/v1/admin/audit").statusCode()).isEqualTo(401);
        for (String[] bad : new String[][]{{"from=yesterday", "from"}, {"to=2024-13-01", "to"}, {"limit=abc", "limit"},
                {"limit=0", "limit"}, {"status=ok", "status"}}) {
            HttpResponse<String> refused = server.as(Role.ADMINISTRATOR).get("/api/v1/admin/audit?" + bad[0]);
            assertThat(refused.statusCode()).as(bad[0]).isEqualTo(400);
            String error = server.parse(refused.body()).get("error").asText();
            assertThat(error).as(bad[0]).contains(" / ").contains(bad[1]).doesNotContain("For input string")
                    .doesNotContain("could not be parsed").doesNotContain("Exception");
        }
    }

    @Test
    void aPlainDateStartsAtItsFirstMomentAndEndsAfterItsLast() {
        String login = "day" + Long.toString(System.nanoTime(), 36);
        server.post("/api/v1/auth/login", "{\"login\": \"" + login + "\", \"password\": \"wrong\"}");
        String today = java.time.LocalDate.now().toString();
        assertThat(entries("login=" + login + "&from=" + today + "&to=" + today)).as("today, inclusive").hasSize(1);
        assertThat(entries("login=" + login + "&from=2024-01-01")).hasSize(1);
        assertThat(entries("login=" + login + "&to=" + java.time.LocalDate.now().minusDays(1))).isEmpty();
        assertThat(entries("login=" + login + "&from=" + java.time.LocalDate.now().plusDays(1))).isEmpty();
        assertThat(entries("login=" + login + "&from=" + java.time.Instant.now().minusSeconds(3600))).as("instants still work").hasSize(1);
    }

    @Test
    void noPasswordOrOtherSecretReachesTheTrailAndTheRestIsKept() {
        String login = "sec" + Long.toString(System.nanoTime(), 36);
        String password = "pw-" + login + "-long enough";
        HttpResponse<String> created = server.as(Role.ADMINISTRATOR).post("/api/v1/admin/users",
                "{\"login\": \"" + login + "\", \"password\": \"" + password + "\", \"roles\": [\"DATA_OFFICER\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        // Malformed JSON still carries the secret in its text; a query string may carry one too.
        HttpResponse<String> malformed = server.as(Role.ADMINISTRATOR).post("/api/v1/admin/users",
                "{\"login\": \"" + login + "\", \"password\": \"" + password + "\"");
        assertThat(malformed.statusCode()).isEqualTo(400);
        server.as(Role.ADMINISTRATOR).get("/api/v1/admin/users?login=" + login + "&client_secret=" + password.replace(' ', '+'));

        JsonNode trail = entries("route=/api/v1/admin/users&limit=50");
        List<String> details = new ArrayList<>();
        trail.forEach(e -> {
            if (e.path("detail").asText().contains(login)) {
                details.add(e.get("detail").asText());
            }
        });
        assertThat(details).hasSizeGreaterThanOrEqualTo(4);
        assertThat(String.join("\n", details)).doesNotContain(password).doesNotContain(password.replace(' ', '+'))
                .contains("\"roles\":[\"DATA_OFFICER\"]").contains("\"password\":\"***\"").contains("client_secret=***");
        assertThat(trail.toString()).doesNotContain(Secrets.sha256(password));
    }
}
