package ru.vitrina.api;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import ru.vitrina.api.security.AuditTrail;
import ru.vitrina.engine.store.TableAppender;
import ru.vitrina.ingest.demo.DemoRegion;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rules that the code of every module keeps, checked on its classes (the api module sees them all). */
class CodebaseRulesTest {
    private static final JavaClasses VITRINA = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ru.vitrina");

    private static final DescribedPredicate<JavaCall<?>> CREATES_AN_APPENDER =
            target(name("createAppender")).and(target(owner(assignableTo(DuckDBConnection.class))));

    /**
     * duckdb_jdbc 2.0.0.1's appender swallows a failed flush on close, and the commit after it then stores none of the
     * rows (TableAppenderTest): rows are appended only through TableAppender, which flushes first and throws.
     */
    @Test
    void rowsAreAppendedOnlyThroughTableAppender() {
        assertThat(VITRINA.contain(AuditTrail.class) && VITRINA.contain(DemoRegion.class)).as("every module's classes").isTrue();
        noClasses().that().doNotBelongToAnyOf(TableAppender.class)
                .should().callMethodWhere(CREATES_AN_APPENDER)
                .because("a DuckDB appender's close() swallows a failed flush; TableAppender flushes first and throws")
                .check(VITRINA);
    }

    @Test
    void theRuleSeesTheCallItForbids() {
        assertThatThrownBy(() -> noClasses().should().callMethodWhere(CREATES_AN_APPENDER).check(VITRINA))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(TableAppender.class.getName());
    }
}
