package com.loandesk.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.loandesk.inbound.ReplyKeywords.Intent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyKeywordsTest {

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            STOP                          | OPT_OUT | STOP
            stop                          | OPT_OUT | STOP
            '  Stop.  '                   | OPT_OUT | STOP
            Please STOP texting me        | OPT_OUT | STOP
            unsubscribe                   | OPT_OUT | UNSUBSCRIBE
            END                           | OPT_OUT | END
            quit!                         | OPT_OUT | QUIT
            cancel                        | OPT_OUT | CANCEL
            STOPALL                       | OPT_OUT | STOPALL
            revoke                        | OPT_OUT | REVOKE
            optout                        | OPT_OUT | OPTOUT
            opt out please                | OPT_OUT | OPTOUT
            Opt-Out                       | OPT_OUT | OPTOUT
            ＳＴＯＰ                       | OPT_OUT | STOP
            退订                          | OPT_OUT | 退订
            回复退订谢谢                  | OPT_OUT | 退订
            TD                            | OPT_OUT | TD
            td                            | OPT_OUT | TD
            ' T '                         | OPT_OUT | T
            r                             | OPT_OUT | R
            R.                            | OPT_OUT | R
            start                         | OPT_IN  | START
            UNSTOP                        | OPT_IN  | UNSTOP
            Yes                           | OPT_IN  | YES
            HELP                          | HELP    | HELP
            info?                         | HELP    | INFO
            yes stop                      | OPT_OUT | STOP
            Thanks, paid today            | NONE    | NULL
            T shirt                       | NONE    | NULL
            I will pay by the weekend     | NONE    | NULL
            stopped by the bank           | NONE    | NULL
            Tomorrow                      | NONE    | NULL
            TD bank transfer done         | NONE    | NULL
            yes I will pay                | NONE    | NULL
            help me understand the fee    | NONE    | NULL
            ''                            | NONE    | NULL
            NULL                          | NONE    | NULL
            """)
    void classifies(String body, Intent intent, String keyword) {
        ReplyKeywords.Reply reply = ReplyKeywords.classify(body);
        assertEquals(intent, reply.intent());
        assertEquals(keyword, reply.keyword());
    }
}
