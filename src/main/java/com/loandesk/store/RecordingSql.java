package com.loandesk.store;

/** The SQL of call recordings as Twilio reported them (provider_event rows of kind 'recording'). */
final class RecordingSql {

    private RecordingSql() {
    }

    /**
     * $1 recording sid. The newest report of that recording (a completed one first), with the task and case of its
     * call when they are known. Reads index provider_event_recording.
     */
    static final String BY_SID = """
            select e.provider_sid as call_sid, e.status, e.received_at, e.detail,
                   t.id as task_id, c.id as case_id, c.external_id as case_ref, c.assigned_collector
              from provider_event e
              left join contact_task t on t.provider_ref = e.provider_sid
              left join collection_case c on c.id = t.case_id
             where e.kind = 'recording' and e.detail->>'recordingSid' = $1
             order by (e.status = 'completed') desc, e.id desc
             limit 1
            """;
}
