package com.loandesk.auth;

/**
 * The authenticated caller of a request.
 *
 * @param sessionId the session the caller came in with, or null for an API token
 * @param tokenId   the API token the caller came in with, or null for a session
 */
public record Principal(long userId, String username, Role role, Long sessionId, Long tokenId) {

    public Principal(long userId, String username, Role role, Long sessionId) {
        this(userId, username, role, sessionId, null);
    }

    public boolean is(Role r) {
        return role == r;
    }

    /** Collectors see only their own cases: the collector to restrict reads to, or null for everyone else. */
    public String collectorScope() {
        return role == Role.COLLECTOR ? username : null;
    }
}
