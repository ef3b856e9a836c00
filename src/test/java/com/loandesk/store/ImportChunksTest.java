package com.loandesk.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.loandesk.cases.ImportRow;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An import job's rows are made into statements on its worker thread: chunks of {@value ImportChunks#SIZE} rows in the
 * file's order, each with its case references and its parameters, the statement's time left to the write.
 */
class ImportChunksTest {

    private static ImportRow row(int n, String borrower) {
        return new ImportRow(n, borrower, "Name " + n, null, null, null, null, "US", "C" + n, "loan", BigDecimal.TEN,
                "USD", LocalDate.of(2026, 10, 1), null, "early", "overdue", null, null, null, null,
                List.of(new ImportRow.Point("mobile", "+1415555" + String.format("%04d", n), "borrower", 2)));
    }

    @Test
    void rows_are_cut_into_statements_of_500_in_the_file_s_order_with_one_entry_per_borrower() {
        List<ImportRow> rows = new ArrayList<>();
        for (int i = 1; i <= 1001; i++) {
            rows.add(row(i, "B" + ((i + 1) / 2)));
        }
        ImportChunks chunks = ImportChunks.of(rows, "admin");

        assertEquals(List.of(500, 500, 1), chunks.chunks().stream().map(c -> c.rows().size()).toList());
        assertEquals(rows, chunks.rows());
        ImportChunks.Chunk first = chunks.chunks().get(0);
        assertArrayEquals(rows.subList(0, 500).stream().map(ImportRow::caseRef).toArray(), first.caseRefs());
        assertEquals(250, ((String[]) first.parameters()[0]).length, "borrowers B1..B250, two rows each, each once");
        assertEquals(500, ((String[]) first.parameters()[7]).length, "one case a row");
        assertEquals("admin", first.parameters()[26]);
        assertNull(first.parameters()[25], "the time is the write's");
    }

    @Test
    void a_job_s_first_batch_goes_in_small_statements_and_no_statement_is_over_500_rows() {
        List<ImportRow> rows = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            rows.add(row(i, "B" + i));
        }
        assertEquals(List.of(50, 50, 20), ImportChunks.of(rows, "admin", ImportChunks.FIRST_SIZE).chunks().stream()
                .map(c -> c.rows().size()).toList());
        assertEquals(rows, ImportChunks.of(rows, "admin", ImportChunks.FIRST_SIZE).rows());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ImportChunks.of(rows, "admin", 501));
        assertEquals("chunks of 1 to 500 rows, not 501", e.getMessage());
    }

    @Test
    void the_time_is_set_when_a_chunk_is_written_and_the_chunk_keeps_none() {
        ImportChunks.Chunk chunk = ImportChunks.of(List.of(row(1, "B1")), "admin").chunks().get(0);
        OffsetDateTime now = OffsetDateTime.of(2026, 12, 4, 9, 0, 0, 0, ZoneOffset.UTC);

        Tuple written = ImportChunks.at(chunk.parameters(), now);

        assertEquals(now, written.getValue(25));
        assertEquals(chunk.parameters().length, written.size());
        assertNull(chunk.parameters()[25]);
    }
}
