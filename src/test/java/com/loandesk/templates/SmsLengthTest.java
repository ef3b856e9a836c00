package com.loandesk.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.templates.SmsLength.Encoding;
import org.junit.jupiter.api.Test;

class SmsLengthTest {

    @Test
    void gsm_text_of_160_characters_is_one_segment_and_of_161_two_of_153() {
        assertEquals(new SmsLength(Encoding.GSM_7, 160, 1), SmsLength.of("a".repeat(160)));
        assertEquals(new SmsLength(Encoding.GSM_7, 161, 2), SmsLength.of("a".repeat(161)));
        assertEquals(new SmsLength(Encoding.GSM_7, 306, 2), SmsLength.of("a".repeat(306)));
        assertEquals(new SmsLength(Encoding.GSM_7, 307, 3), SmsLength.of("a".repeat(307)));
    }

    @Test
    void extension_characters_take_two_septets_and_are_never_split_across_segments() {
        assertEquals(new SmsLength(Encoding.GSM_7, 160, 1), SmsLength.of("€".repeat(80)));
        // 152 septets, then a two-septet euro that does not fit the first segment's 153
        assertEquals(new SmsLength(Encoding.GSM_7, 164, 2), SmsLength.of("a".repeat(152) + "€" + "a".repeat(10)));
        assertEquals(Encoding.GSM_7, SmsLength.of("Pay £200 by 12/01 [ref ~A|B] ^ {ok} \\ ").encoding());
    }

    @Test
    void one_character_outside_gsm_makes_the_whole_text_ucs2_of_70_then_67() {
        assertEquals(new SmsLength(Encoding.UCS_2, 70, 1), SmsLength.of("a".repeat(69) + "é́".substring(1)));
        assertEquals(new SmsLength(Encoding.UCS_2, 71, 2), SmsLength.of("a".repeat(70) + "—"));
        String chinese = "您好，您的贷款已逾期，请尽快还款。如有疑问请致电客服。"; // 27 characters
        assertEquals(new SmsLength(Encoding.UCS_2, 27, 1), SmsLength.of(chinese));
        assertEquals(new SmsLength(Encoding.UCS_2, 135, 3), SmsLength.of(chinese.repeat(5)));
    }

    @Test
    void a_surrogate_pair_is_never_split_and_an_empty_text_is_no_segment() {
        // 66 units, then an emoji of two: 68 > 67, so it starts the second segment
        assertEquals(new SmsLength(Encoding.UCS_2, 72, 2), SmsLength.of("中".repeat(66) + "😀" + "中".repeat(4)));
        assertEquals(new SmsLength(Encoding.GSM_7, 0, 0), SmsLength.of(""));
    }
}
