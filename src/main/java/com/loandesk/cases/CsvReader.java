package com.loandesk.cases;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 4180 CSV: a header row, then records; quoted fields may hold commas, quotes ("") and line breaks. */
public final class CsvReader {

    private CsvReader() {
    }

    /** The records keyed by the (trimmed, lower-cased) header names; blank lines are skipped. */
    public static List<Map<String, String>> read(String text) {
        List<List<String>> records = records(text);
        if (records.isEmpty()) {
            return List.of();
        }
        List<String> header = new ArrayList<>();
        for (String h : records.get(0)) {
            header.add(h.strip().toLowerCase(java.util.Locale.ROOT));
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), c < r.size() ? r.get(c) : null);
            }
            if (r.size() > header.size()) {
                row.put("#extra", String.valueOf(r.size() - header.size()));
            }
            out.add(row);
        }
        return out;
    }

    private static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        for (; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                any = true;
            } else if (ch == ',') {
                record.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || field.length() > 0) {
                    record.add(field.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(ch);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted field in record " + records.size());
        }
        if (any || field.length() > 0) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
