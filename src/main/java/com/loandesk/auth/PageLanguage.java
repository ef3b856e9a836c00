package com.loandesk.auth;

import java.util.Arrays;
import java.util.List;

/** The languages the pages speak; a person's choice is remembered (users.page_language). */
public enum PageLanguage {
    EN("en"), ZH_CN("zh-CN");

    public static final List<String> CODES = Arrays.stream(values()).map(PageLanguage::code).toList();

    private final String code;

    PageLanguage(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The language of {@code code} (as {@link #code()} spells it); IllegalArgumentException naming the choices. */
    public static PageLanguage parse(String code) {
        for (PageLanguage l : values()) {
            if (l.code.equals(code)) {
                return l;
            }
        }
        throw new IllegalArgumentException("language must be one of " + CODES + ", was '" + code + "'");
    }
}
