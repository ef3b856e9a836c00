package com.loandesk.fake;

import java.util.Map;

/** One status callback FakeTwilio posted, with the status this service answered (-1: no answer). */
public record FakeCallback(String url, Map<String, String> params, String signature, int status) {
}
