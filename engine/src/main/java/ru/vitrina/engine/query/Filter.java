package ru.vitrina.engine.query;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A filter tree of Cube's query format: conditions joined by {@code and} and {@code or}. */
public sealed interface Filter {
    /** Whether the filter refers to measures (and so belongs in HAVING) rather than dimensions (WHERE). */
    boolean onMeasures();

    record Condition(MemberRef member, Operator operator, List<Object> values) implements Filter {
        public Condition {
            requireNonNull(member, "member");
            requireNonNull(operator, "operator");
            values = List.copyOf(values);
        }

        @Override
        public boolean onMeasures() {
            return member.isMeasure();
        }
    }

    record And(List<Filter> parts) implements Filter {
        public And {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean onMeasures() {
            return parts.stream().anyMatch(Filter::onMeasures);
        }
    }

    record Or(List<Filter> parts) implements Filter {
        public Or {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean onMeasures() {
            return parts.stream().anyMatch(Filter::onMeasures);
        }
    }
}
