package com.loandesk.auth;

import java.util.Locale;

/** What a user of the API may do; see {@code docs/api.md} and {@code openapi.yaml} for the route table. */
public enum Role {
    /** Imports cases, writes templates, starts waves. */
    SCHEDULER,
    /** Works the cases assigned to them (collection_case.assigned_collector = their username). */
    COLLECTOR,
    /** Reads everything; changes nothing but holds (complaints are holds) and template approvals. */
    COMPLIANCE,
    /** Everything, including users and tokens. */
    ADMIN;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code code}; IllegalArgumentException for anything else. */
    public static Role parse(String code) {
        if (code != null) {
            for (Role r : values()) {
                if (r.code().equals(code)) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("role must be one of scheduler, collector, compliance, admin");
    }
}
