package com.loandesk.testsupport;

import java.time.Instant;

/** A borrower with a case, a mobile number and one task already sent with {@code providerRef}. */
public record SentTask(long borrowerId, long caseId, long pointId, long taskId, String number) {

    public static SentTask create(String channel, String number, String providerRef) {
        long b = Fixtures.borrower("US-CA", "America/Los_Angeles", "US");
        long c = Fixtures.overdueCase(b);
        long p = Fixtures.mobile(b, number);
        long t = Fixtures.task(c, p, channel, Instant.now().minusSeconds(60));
        TestDatabase.exec("update contact_task set state = 'sent', attempts = 1"
                + (providerRef == null ? "" : ", provider_ref = '" + providerRef + "'") + " where id = " + t);
        TestDatabase.exec("insert into contact_attempt (borrower_id, case_id, contact_point_id, task_id, attempt_no, channel, at) "
                + "values (" + b + ", " + c + ", " + p + ", " + t + ", 1, '" + channel + "', now())");
        return new SentTask(b, c, p, t, number);
    }

    public void setProviderRef(String ref) {
        TestDatabase.exec("update contact_task set provider_ref = '" + ref + "' where id = " + taskId);
    }

    public String state() {
        return Fixtures.text("select state from contact_task where id = ?", taskId);
    }

    public long history(String event) {
        return Fixtures.count("select count(*) from case_history where task_id = ? and event = ?", taskId, event);
    }
}
