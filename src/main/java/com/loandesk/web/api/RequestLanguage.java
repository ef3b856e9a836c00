package com.loandesk.web.api;

import com.loandesk.auth.PageLanguage;
import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;

/**
 * The language a caller asks the service to answer in, by its Accept-Language header: the pages send the language
 * their reader chose. Chinese for any zh tag first in the caller's order, English otherwise (and for API clients that
 * send none, as before).
 */
final class RequestLanguage {

    private RequestLanguage() {
    }

    static PageLanguage of(RoutingContext ctx) {
        if (ctx.request().getHeader("Accept-Language") == null) {
            return PageLanguage.EN;
        }
        LanguageHeader first = ctx.preferredLanguage();
        return first != null && "zh".equalsIgnoreCase(first.tag()) ? PageLanguage.ZH_CN : PageLanguage.EN;
    }

    /** {@code english} in the caller's language (a sentence with no Chinese stays English). */
    static String say(RoutingContext ctx, String english) {
        return of(ctx) == PageLanguage.ZH_CN ? ChineseMessages.translate(english) : english;
    }
}
