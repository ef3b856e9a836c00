package com.loandesk.store;

import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

/**
 * The parameters of a statement that reads a batch through {@code unnest($1::bigint[], $2::text[], ...)}: one array
 * per column, each filled from the batch's rows by a getter, in the order the statement numbers them; scalar
 * parameters go in between as they come. Replaces a hand loop per statement filling parallel arrays.
 *
 * @param <T> a row of the batch
 */
public final class Columns<T> {

    private final List<T> rows;
    private final Tuple tuple;

    private Columns(List<T> rows, Tuple tuple) {
        this.rows = rows;
        this.tuple = tuple;
    }

    public static <T> Columns<T> of(List<T> rows) {
        return new Columns<>(rows, Tuple.tuple());
    }

    /** The next parameters read another batch of rows (a statement that writes several tables). */
    public <U> Columns<U> then(List<U> next) {
        return new Columns<>(next, tuple);
    }

    /** A column of any element type: {@code array} makes the array the driver binds ({@code LocalDate[]::new}). */
    public <V> Columns<T> column(Function<T, V> get, java.util.function.IntFunction<V[]> array) {
        V[] a = array.apply(rows.size());
        for (int i = 0; i < a.length; i++) {
            a[i] = get.apply(rows.get(i));
        }
        tuple.addValue(a);
        return this;
    }

    /** A {@code bigint[]} column. */
    public Columns<T> longs(Function<T, Long> get) {
        return column(get, Long[]::new);
    }

    /** An {@code int[]} column. */
    public Columns<T> ints(Function<T, Integer> get) {
        return column(get, Integer[]::new);
    }

    /** A {@code text[]} column (JSON too, cast in the statement). */
    public Columns<T> texts(Function<T, String> get) {
        return column(get, String[]::new);
    }

    /** A {@code boolean[]} column. */
    public Columns<T> bools(Function<T, Boolean> get) {
        return column(get, Boolean[]::new);
    }

    /** A {@code timestamptz[]} column (null instants stay null). */
    public Columns<T> instants(Function<T, Instant> get) {
        return column(r -> {
            Instant t = get.apply(r);
            return t == null ? null : t.atOffset(ZoneOffset.UTC);
        }, OffsetDateTime[]::new);
    }

    /** A {@code numeric[]} column, sent as text (cast in the statement). */
    public Columns<T> decimals(Function<T, BigDecimal> get) {
        return texts(r -> {
            BigDecimal d = get.apply(r);
            return d == null ? null : d.toPlainString();
        });
    }

    /** A scalar parameter in the next position. */
    public Columns<T> value(Object value) {
        tuple.addValue(value instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : value);
        return this;
    }

    public Tuple tuple() {
        return tuple;
    }
}
