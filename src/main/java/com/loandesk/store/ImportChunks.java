package com.loandesk.store;

import com.loandesk.cases.ImportRow;
import com.loandesk.cases.ImportRow.Point;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validated import rows made ready to write, {@value #SIZE} to a statement: each chunk's case references (whose
 * owners the write checks first) and the parameters of {@link CaseSql#IMPORT_CHUNK}. Pure, so an import job makes
 * them on its worker thread and the event loop that writes them only sets the time and sends them; a chunk that
 * loses rows to the owner check has its parameters made again from the rows left (rare).
 */
public final class ImportChunks {

    /** Rows written per statement: a statement's arrays are encoded on the event loop, so a chunk is kept small. */
    public static final int SIZE = 500;
    /** Where the statement's time ($26) goes: set when the chunk is written, not when it is made. */
    private static final int NOW = 25;

    private final List<Chunk> chunks;
    private final String by;

    private ImportChunks(List<Chunk> chunks, String by) {
        this.chunks = chunks;
        this.by = by;
    }

    /**
     * Chunks of a job's first batch: the event loop encodes a chunk's arrays, and until the JIT has compiled the
     * driver's encoder (a fresh JVM's first import) a chunk of {@value #SIZE} rows takes it 15 to 25 ms.
     */
    public static final int FIRST_SIZE = 50;

    /** {@code rows} (in the file's order) written by {@code by}, in chunks of {@value #SIZE}. */
    public static ImportChunks of(List<ImportRow> rows, String by) {
        return of(rows, by, SIZE);
    }

    /** {@code rows} (in the file's order) written by {@code by}, in chunks of {@code size} (1 to {@value #SIZE}). */
    public static ImportChunks of(List<ImportRow> rows, String by, int size) {
        if (size < 1 || size > SIZE) {
            throw new IllegalArgumentException("chunks of 1 to " + SIZE + " rows, not " + size);
        }
        List<Chunk> chunks = new ArrayList<>(rows.size() / size + 1);
        for (int from = 0; from < rows.size(); from += size) {
            List<ImportRow> part = rows.subList(from, Math.min(rows.size(), from + size));
            chunks.add(new Chunk(part, part.stream().map(ImportRow::caseRef).toArray(String[]::new), parameters(part, by)));
        }
        return new ImportChunks(chunks, by);
    }

    /** How many rows. */
    public int size() {
        int n = 0;
        for (Chunk c : chunks) {
            n += c.rows().size();
        }
        return n;
    }

    /** The rows, in their order. */
    public List<ImportRow> rows() {
        List<ImportRow> rows = new ArrayList<>();
        chunks.forEach(c -> rows.addAll(c.rows()));
        return rows;
    }

    List<Chunk> chunks() {
        return chunks;
    }

    String by() {
        return by;
    }

    /** The rows of one statement, their case references, and the statement's parameters but its time. */
    record Chunk(List<ImportRow> rows, String[] caseRefs, Object[] parameters) {
    }

    /** A chunk's parameters with the statement's time set to {@code now} (a copy: the chunk stays as it was made). */
    static Tuple at(Object[] parameters, OffsetDateTime now) {
        Object[] values = parameters.clone();
        values[NOW] = now;
        return Tuple.wrap(values);
    }

    /**
     * The statement's parameters for {@code rows} (their cases owned as the rows say), the time left null: one entry
     * per borrower (the last of its rows wins, as do its contact points), one per case, one per contact point.
     */
    static Object[] parameters(List<ImportRow> rows, String by) {
        Map<String, ImportRow> borrowers = new LinkedHashMap<>();
        rows.forEach(r -> borrowers.put(r.borrowerRef(), r));
        List<ImportRow> owners = List.copyOf(borrowers.values());
        List<OwnedPoint> points = new ArrayList<>();
        for (ImportRow r : owners) {
            for (Point p : r.points()) {
                points.add(new OwnedPoint(r, p));
            }
        }
        Tuple t = Columns.of(owners)
                .texts(ImportRow::borrowerRef).texts(ImportRow::borrowerName).texts(ImportRow::locale).texts(ImportRow::timeZone)
                .texts(ImportRow::addressRegion).texts(ImportRow::postalCode).texts(ImportRow::jurisdiction)
                .then(rows)
                .texts(ImportRow::caseRef).texts(ImportRow::borrowerRef).texts(ImportRow::product).decimals(ImportRow::amountOverdue)
                .texts(ImportRow::currency).column(ImportRow::dueDate, LocalDate[]::new).ints(ImportRow::daysPastDue)
                .texts(ImportRow::stage).texts(ImportRow::status).texts(ImportRow::riskGrade).texts(ImportRow::assignedCollector)
                .then(points)
                .texts(o -> o.row().borrowerRef()).texts(o -> o.point().kind()).texts(o -> o.point().value())
                .texts(o -> o.point().role()).column(o -> (short) o.point().priority(), Short[]::new)
                .bools(o -> o.phone() ? o.row().smsConsent() : null).bools(o -> o.phone() ? o.row().voiceConsent() : null)
                .value(null).value(by)
                .texts(o -> o.point().consentKind()).texts(o -> o.point().consentSource())
                .instants(o -> o.point().consentAt()).instants(o -> o.point().rndCheckedAt()).texts(o -> o.point().rndResult())
                .tuple();
        Object[] values = new Object[t.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = t.getValue(i);
        }
        return values;
    }

    /** A contact point with the import row of its borrower. */
    private record OwnedPoint(ImportRow row, Point point) {
        /** A phone of the borrower's own: the row's SMS and voice consents are about it. */
        boolean phone() {
            return !"email".equals(point.kind()) && !"third_party".equals(point.role());
        }
    }
}
