package com.loandesk.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.channel.OutboundContact;
import com.loandesk.rules.Channel;
import com.loandesk.store.TaskRow;
import com.loandesk.templates.ApprovedTemplates;
import com.loandesk.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A borrower whose language has no approved version gets the English one: the contact then says English,
 * so a call speaks it with an English voice and never reads English text with a zh-CN voice.
 */
@ExtendWith(VertxExtension.class)
class FallbackTemplateKeepsItsLanguageTest {

    @Test
    void an_english_fallback_for_a_zh_CN_borrower_is_a_contact_in_english_with_their_first_name(Vertx vertx, VertxTestContext ctx) {
        TestDatabase.truncate();
        TestDatabase.exec("insert into template (code, version, channel, locale, body, approved_by, approved_at) values "
                + "('reminder', 1, 'voice', 'en', '{{firstName}}, {{amount}} {{currency}} is overdue.', 'compliance-test', now()), "
                + "('reminder', 1, 'sms', 'zh-CN', '{{firstName}}，您有{{amount}}元逾期。', 'compliance-test', now())");
        Pool pool = TestDatabase.pool(vertx, 1);
        ApprovedTemplates.load(pool).onComplete(ctx.succeeding(templates -> ctx.verify(() -> {
            MessageComposer composer = new MessageComposer(templates, "Acme Lending");
            OutboundContact voice = composer.compose(task(Channel.VOICE), 1).orElseThrow();
            assertEquals("en", voice.locale(), "the language of the text, not of the borrower");
            assertEquals("Wei, 120.50 CNY is overdue.", voice.body());
            assertEquals("Wei", voice.addressee());
            assertEquals("Acme Lending", voice.caller());
            OutboundContact sms = composer.compose(task(Channel.SMS), 1).orElseThrow();
            assertEquals("zh-CN", sms.locale(), "a version in the borrower's own language keeps it");
            pool.close().onComplete(ctx.succeedingThenComplete());
        })));
    }

    private static TaskRow task(Channel channel) {
        return new TaskRow(1, 2, 3, channel, "reminder", null, 0, 4, "CASE-1", "loan", "overdue", "early",
                new BigDecimal("120.5"), "CNY", 10, false, "Wei Zhang", "zh-CN", "Asia/Shanghai", null, "CN", "mobile",
                "borrower", "+8613800000000", true, true, false, false, false, false, Set.of(), null, null,
                LocalDate.of(2026, 11, 30), null, null);
    }
}
