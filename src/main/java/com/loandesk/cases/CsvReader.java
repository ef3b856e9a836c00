package com.loandesk.cases;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * RFC 4180 CSV read with Apache Commons CSV, one record at a time: a header row, then records; quoted fields may
 * hold commas, quotes ("") and line breaks. A leading byte-order mark is skipped and blank lines are skipped. Each
 * record comes as a map keyed by the (trimmed, lower-cased) header names: a missing field is null, and a record with
 * more fields than the header carries {@code "#extra"} (how many). A record longer than {@link #MAX_RECORD_CHARS}
 * (say an unterminated quote swallowing the rest of a 100 MB file) fails instead of filling the memory.
 */
public final class CsvReader implements Closeable {

    /** The longest record read; an import row is a few hundred characters. */
    public static final int MAX_RECORD_CHARS = 1 << 20;
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrailingData(true).get();

    private final RecordLimit limit;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header = new ArrayList<>();
    private long dataRows;

    private CsvReader(Reader in) throws IOException {
        BufferedReader buffered = new BufferedReader(in, 1 << 16);
        buffered.mark(1);
        if (buffered.read() != '\uFEFF') {
            buffered.reset();
        }
        this.limit = new RecordLimit(buffered);
        this.parser = FORMAT.parse(limit);
        this.records = parser.iterator();
        CSVRecord first = nextRecord();
        if (first != null) {
            for (String h : first) {
                header.add(h.strip().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** A reader of {@code in} with its header read. @throws IllegalArgumentException when the header is malformed */
    public static CsvReader open(Reader in) {
        try {
            return new CsvReader(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record of {@code text} (a small body read whole). */
    public static List<Map<String, String>> read(String text) {
        try (CsvReader r = open(new StringReader(text))) {
            List<Map<String, String>> out = new ArrayList<>();
            for (Map<String, String> row = r.next(); row != null; row = r.next()) {
                out.add(row);
            }
            return out;
        }
    }

    /** The header's names, trimmed and lower-cased. */
    public List<String> header() {
        return List.copyOf(header);
    }

    /** The next data record, or null at the end. @throws IllegalArgumentException naming the data row that cannot be read */
    public Map<String, String> next() {
        CSVRecord r = nextRecord();
        if (r == null) {
            return null;
        }
        dataRows++;
        Map<String, String> row = new LinkedHashMap<>(header.size() * 2);   // room for every column: never resized
        for (int c = 0; c < header.size(); c++) {
            row.put(header.get(c), c < r.size() ? r.get(c) : null);
        }
        if (r.size() > header.size()) {
            row.put("#extra", String.valueOf(r.size() - header.size()));
        }
        return row;
    }

    /** Reads past the next data record without making a map of it (a check that the file reads to its end); false at the end. */
    public boolean skip() {
        if (nextRecord() == null) {
            return false;
        }
        dataRows++;
        return true;
    }

    /** Data rows returned so far (the header not counted). */
    public long dataRows() {
        return dataRows;
    }

    private CSVRecord nextRecord() {
        try {
            limit.recordStarts();
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                why = "the file is not UTF-8 text";
            } else if (why != null && why.contains("EOF reached before encapsulated token finished")) {
                why = "unterminated quoted field";
            }
            throw new IllegalArgumentException(why + " in data row " + (dataRows + 1), e);
        }
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails a read when one record has taken more than {@link #MAX_RECORD_CHARS} (plus the parser's read-ahead). */
    private static final class RecordLimit extends FilterReader {
        private static final int READ_AHEAD = 1 << 16;
        private long sinceRecord;

        RecordLimit(Reader in) {
            super(in);
        }

        void recordStarts() {
            sinceRecord = 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            count(c < 0 ? 0 : 1);
            return c;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            sinceRecord += n;
            if (sinceRecord > MAX_RECORD_CHARS + READ_AHEAD) {
                throw new IOException("a record longer than " + MAX_RECORD_CHARS + " characters (an unterminated quoted field?)");
            }
        }
    }
}
