package com.loandesk.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every CSV the service writes quotes by RFC 4180 and never hands a spreadsheet a formula. */
class CsvLineTest {

    @Test
    void a_formula_becomes_text_and_a_negative_amount_stays_a_number() {
        assertEquals("'=HYPERLINK(\"x\"),-12.50,'-cmd,'@SUM(A1),'+1\r\n".replace("'=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
                CsvLine.of("=HYPERLINK(\"x\")", "-12.50", "-cmd", "@SUM(A1)", "+1"));
    }

    @Test
    void commas_quotes_and_line_breaks_are_quoted_and_nulls_are_empty() {
        assertEquals("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,x\r\n", CsvLine.of("a,b", "say \"hi\"", "two\nlines", null, "x"));
    }
}
