package com.loandesk.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.loandesk.cases.ImportRow;
import com.loandesk.cases.ImportRow.Rejection;
import com.loandesk.imports.ImportJobs.Batch;
import com.loandesk.imports.ImportJobs.Lane;
import com.loandesk.store.ImportChunks;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch is written in several transactions at once; two of them must never hold rows of one borrower (they
 * would wait on each other's locks, and the borrower's fields would be those of whichever committed last).
 */
class BatchLanesKeepABorrowerInOneLaneTest {

    private static ImportRow row(int n, String borrower) {
        return new ImportRow(n, borrower, "Name " + n, null, null, null, null, "US", "C" + n, "loan", BigDecimal.TEN,
                "USD", LocalDate.of(2026, 10, 1), null, "early", "overdue", null, null, null, null, List.of());
    }

    @Test
    void every_borrower_s_rows_fall_in_one_lane_in_the_file_s_order_and_the_rejects_in_the_first() {
        List<ImportRow> valid = new ArrayList<>();
        for (int i = 1; i <= 600; i++) {
            valid.add(row(i, "B" + (i % 97)));
        }
        List<Rejection> rejected = List.of(new Rejection(601, "mobile", "not a phone number"));
        List<Lane> lanes = Batch.lanes(valid, rejected, 3, "admin", ImportChunks.SIZE);

        assertEquals(3, lanes.size());
        assertEquals(rejected, lanes.get(0).rejected());
        assertTrue(lanes.get(1).rejected().isEmpty() && lanes.get(2).rejected().isEmpty());
        assertEquals(601, lanes.stream().mapToLong(Lane::rows).sum(), "every row is counted once");
        Map<String, Integer> laneOf = new HashMap<>();
        for (int l = 0; l < lanes.size(); l++) {
            int last = 0;
            for (ImportRow r : lanes.get(l).valid().rows()) {
                Integer before = laneOf.putIfAbsent(r.borrowerRef(), l);
                assertEquals(l, before == null ? l : before, r.borrowerRef() + " is in one lane");
                assertTrue(r.row() > last, "a lane keeps the file's order");
                last = r.row();
            }
        }
        assertEquals(97, laneOf.size());
    }

    @Test
    void one_writer_takes_the_batch_whole() {
        List<ImportRow> valid = List.of(row(1, "A"), row(2, "B"));
        List<Lane> lanes = Batch.lanes(valid, List.of(), 1, "admin", ImportChunks.SIZE);
        assertEquals(1, lanes.size());
        assertEquals(valid, lanes.get(0).valid().rows());
        assertEquals(2, lanes.get(0).rows());
    }

    @Test
    void a_borrower_s_lane_is_the_same_in_every_batch_whatever_its_size() {
        // lanes write their parts of successive batches without waiting for each other: a borrower's rows stay in order
        // only if its lane is the same in a batch of one row as in a full one
        List<ImportRow> full = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            full.add(row(i, "B" + (i % 41)));
        }
        Map<String, Integer> laneInFull = new HashMap<>();
        for (Lane lane : Batch.lanes(full, List.of(), 2, "admin", ImportChunks.SIZE)) {
            lane.valid().rows().forEach(r -> laneInFull.put(r.borrowerRef(), lane.index()));
        }
        for (Map.Entry<String, Integer> e : laneInFull.entrySet()) {
            List<Lane> alone = Batch.lanes(List.of(row(1, e.getKey())), List.of(), 2, "admin", ImportChunks.SIZE);
            Lane with = alone.stream().filter(l -> !l.valid().rows().isEmpty()).findFirst().orElseThrow();
            assertEquals(e.getValue(), with.index(), e.getKey() + " is written by the same lane alone as in a full batch");
        }
        assertEquals(2, laneInFull.values().stream().distinct().count(), "both lanes have borrowers");
    }
}
