package com.loandesk.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;

/**
 * One line of every CSV the service writes (the log export, reports, an import's rejected rows): RFC 4180 quoting by
 * commons-csv, and one rule against formula injection: a cell a spreadsheet would run as a formula (starting with
 * {@code = + - @}, a tab or a carriage return) gets a leading apostrophe, unless it is a plain number (a negative
 * amount stays a number).
 */
public final class CsvLine {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private CsvLine() {
    }

    /** The cells as one line, ending in CRLF; null cells are empty. */
    public static String of(Object... cells) {
        Object[] safe = new Object[cells.length];
        int length = 2;
        for (int i = 0; i < cells.length; i++) {
            String cell = cell(cells[i] == null ? null : String.valueOf(cells[i]));
            safe[i] = cell;
            length += cell.length() + 1;
        }
        // straight into a builder: format(...) goes through a printer and a StringWriter, locked at every cell
        StringBuilder line = new StringBuilder(length + 16);
        try {
            FORMAT.printRecord(line, safe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringBuilder does not throw
        }
        return line.toString();
    }

    /** A cell a spreadsheet shows as text, never runs. */
    static String cell(String v) {
        if (v == null || v.isEmpty()) {
            return "";
        }
        char first = v.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return formula && !NUMBER.matcher(v).matches() ? "'" + v : v;
    }
}
