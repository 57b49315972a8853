package dev.tau4j.cases.postgres.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The jOOQ names of the cases tables in one schema (see {@code db/tau4j/cases/V*.sql}). Every
 * name is quoted by jOOQ; the schema name is a validated identifier.
 */
public final class CaseTables {

    public final Table<?> cases;
    public final Field<UUID> id;
    public final Field<String> caseType;
    public final Field<String> title;
    public final Field<String> lot;
    public final Field<String> status;
    public final Field<Instant> createdAt;
    public final Field<Instant> updatedAt;

    public final Table<?> decisions;
    public final Field<UUID> decisionCaseId;
    public final Field<String> chosenSupplier;
    public final Field<String> decisionReason;
    public final Field<String> nextAction;
    public final Field<String> decidedBy;
    public final Field<Instant> decidedAt;

    public final Table<?> keys;
    public final Field<String> key;
    public final Field<String> keyOperation;
    public final Field<String> keyRequestSha256;
    public final Field<UUID> keyCaseId;
    public final Field<Instant> keyCreatedAt;

    public CaseTables(String schema) {
        cases = table(name(schema, "cases"));
        id = field(name(schema, "cases", "id"), SQLDataType.UUID);
        caseType = field(name(schema, "cases", "case_type"), SQLDataType.CLOB);
        title = field(name(schema, "cases", "title"), SQLDataType.CLOB);
        lot = field(name(schema, "cases", "lot"), SQLDataType.CLOB);
        status = field(name(schema, "cases", "status"), SQLDataType.CLOB);
        createdAt = field(name(schema, "cases", "created_at"), SQLDataType.INSTANT);
        updatedAt = field(name(schema, "cases", "updated_at"), SQLDataType.INSTANT);

        decisions = table(name(schema, "case_decisions"));
        decisionCaseId = field(name(schema, "case_decisions", "case_id"), SQLDataType.UUID);
        chosenSupplier = field(name(schema, "case_decisions", "chosen_supplier"), SQLDataType.CLOB);
        decisionReason = field(name(schema, "case_decisions", "decision_reason"), SQLDataType.CLOB);
        nextAction = field(name(schema, "case_decisions", "next_action"), SQLDataType.CLOB);
        decidedBy = field(name(schema, "case_decisions", "decided_by"), SQLDataType.CLOB);
        decidedAt = field(name(schema, "case_decisions", "decided_at"), SQLDataType.INSTANT);

        keys = table(name(schema, "case_idempotency_keys"));
        key = field(name(schema, "case_idempotency_keys", "idempotency_key"), SQLDataType.CLOB);
        keyOperation = field(name(schema, "case_idempotency_keys", "operation"), SQLDataType.CLOB);
        keyRequestSha256 = field(name(schema, "case_idempotency_keys", "request_sha256"), SQLDataType.CLOB);
        keyCaseId = field(name(schema, "case_idempotency_keys", "case_id"), SQLDataType.UUID);
        keyCreatedAt = field(name(schema, "case_idempotency_keys", "created_at"), SQLDataType.INSTANT);
    }

    public List<Field<?>> caseColumns() {
        return List.of(id, caseType, title, lot, status, createdAt, updatedAt);
    }

    public List<Field<?>> decisionColumns() {
        return List.of(decisionCaseId, chosenSupplier, decisionReason, nextAction, decidedBy, decidedAt);
    }
}
