package com.loandesk.web.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's refusals in Chinese (zh-CN), for a caller that asks for it ({@link RequestLanguage}). Each entry is a
 * sentence as the code writes it in English, its variable parts written {0}, {1}, …, and the same sentence in Chinese.
 * A variable part is carried over as it is (field names, values and lists are the API's own words) unless it is itself
 * a sentence of this catalog (a rule's reason inside a refusal), which is translated too. Where several entries match,
 * the one with the most fixed words wins ("collector is required: …" over "{0} is required"). A sentence no entry
 * matches stays English: the page still says in Chinese what kind of refusal it is, by its error code.
 * Pure: no I/O.
 */
final class ChineseMessages {

    /** A variable part: {0} to {9}. */
    private static final Pattern HOLE = Pattern.compile("\\{(\\d)}");
    private static final List<Entry> ENTRIES = new ArrayList<>();

    static {
        // the request itself
        e("bad request", "请求有误");
        e("internal error", "服务内部错误");
        e("a JSON object body is required", "请求体须为 JSON 对象");
        e("the body is not valid JSON", "请求体不是有效的 JSON");
        e("the body must be a JSON object", "请求体须为 JSON 对象");
        e("the body must be a JSON array", "请求体须为 JSON 数组");
        e("the request body is larger than 1 MiB", "请求体超过 1 MiB");
        e("the request body is larger than this endpoint accepts", "请求体超过此接口接受的大小");
        e("the path must not contain a NUL character", "路径不得包含 NUL 字符");
        e("the query string is not valid percent-encoding", "查询字符串的百分号编码无效");
        e("this read takes no parameters", "此查询不接受参数");
        e("unknown parameter {0}; parameters: {1}", "未知参数 {0}；可用参数：{1}");
        e("unknown field {0}; fields: {1}", "未知字段 {0}；可用字段：{1}");
        e("unknown filter {0}; filters: {1}", "未知筛选条件 {0}；可用条件：{1}");
        e("{0} may be given once", "{0} 只能给出一次");
        e("{0} must be given once", "{0} 只能给出一次");
        // a field's value
        e("{0} is required", "{0} 为必填项");
        // refusals of openapi.yaml's schemas (ContractCheck), for what the handlers do not say in their own words
        e("{0} is not valid", "{0} 无效");
        e("{0} must be a whole number", "{0} 须为整数");
        e("{0} must be a number", "{0} 须为数字");
        e("{0} must be a JSON object", "{0} 须为 JSON 对象");
        e("{0} must be a JSON array", "{0} 须为 JSON 数组");
        e("{0} must be of type {1}", "{0} 须为 {1} 类型");
        e("{0} must be at least {1}", "{0} 不得小于 {1}");
        e("{0} must have at most {1} items", "{0} 最多 {1} 项");
        e("{0} must be at least {1} characters", "{0} 至少 {1} 个字符");
        e("{0} must be a {1}", "{0} 须为 {1} 格式");
        e("unknown field {0}", "未知字段 {0}");
        e("{0} is required for promise_to_pay", "记录还款承诺（promise_to_pay）时 {0} 为必填项");
        e("{0} must be a string", "{0} 须为字符串");
        e("{0} must not contain a NUL character", "{0} 不得包含 NUL 字符");
        e("{0} must be at most {1} characters", "{0} 最多 {1} 个字符");
        e("{0} must be at most {1}", "{0} 不得大于 {1}");
        e("{0} must be true or false", "{0} 须为 true 或 false");
        e("{0} must be one of {1}", "{0} 须为以下之一：{1}");
        e("{0} must be one of {1}, was '{2}'", "{0} 须为以下之一：{1}（收到 '{2}'）");
        e("{0} must be a jurisdiction code such as US, US-MA or CN", "{0} 须为司法管辖区代码，例如 US、US-MA 或 CN");
        e("{0} must be 1-64 letters, digits or . _ @ -", "{0} 须为 1 到 64 个字母、数字或 . _ @ -");
        e("{0} must be a recording sid (RE and 32 hex digits)", "{0} 须为录音编号（RE 加 32 位十六进制数字）");
        e("{0} must be a local time HH:mm", "{0} 须为当地时间 HH:mm");
        e("{0} must be lower-case letters, digits and _ . - (at most 64)", "{0} 须为小写字母、数字和 _ . -（最多 64 个）");
        e("{0} must be a language tag such as en or zh-CN", "{0} 须为语言标记，例如 en 或 zh-CN");
        e("{0} must be a positive integer", "{0} 须为正整数");
        e("{0} must be 1..{1}", "{0} 须在 1 到 {1} 之间");
        e("{0} must be a whole number {1}..{2}", "{0} 须为 {1} 到 {2} 之间的整数");
        e("{0} must be a whole number from 0 to 36500", "{0} 须为 0 到 36500 之间的整数");
        e("{0} must be in the years {1}..{2}", "{0} 须在 {1} 至 {2} 年之间");
        e("{0} must be a decimal amount, e.g. 150.00", "{0} 须为金额，例如 150.00");
        e("{0} must be a positive amount with at most 2 decimals", "{0} 须为正数金额，最多两位小数");
        e("{0} must be a number 0..1e12", "{0} 须为 0 到 1e12 之间的数");
        e("{0} must be a non-empty string of at most 200 characters", "{0} 须为不超过 200 个字符的非空字符串");
        e("{0} must be a calendar date YYYY-MM-DD", "{0} 须为日期 YYYY-MM-DD");
        e("{0} must be a date YYYY-MM-DD", "{0} 须为日期 YYYY-MM-DD");
        e("{0} must be YYYY-MM", "{0} 须为年月 YYYY-MM");
        e("{0} must be a date, e.g. {1}", "{0} 须为日期，例如 {1}");
        e("{0} must be a date (YYYY-MM-DD, UTC) or an ISO-8601 date-time with offset",
                "{0} 须为日期（YYYY-MM-DD，UTC）或带时区偏移的 ISO-8601 日期时间");
        e("{0} must be an instant such as {1}", "{0} 须为时间点，例如 {1}");
        e("{0} must be an ISO-8601 instant, e.g. {1}", "{0} 须为 ISO-8601 时间点，例如 {1}");
        e("{0} must be in the future", "{0} 须晚于现在");
        e("{0} must not be in the future", "{0} 不得晚于现在");
        e("{0} must not be in the past", "{0} 不得早于今天");
        e("{0} must be in the next {1} days", "{0} 须在今后 {1} 天之内");
        e("{0} must be before {1}", "{0} 须早于 {1}");
        e("{0} must be after {1}", "{0} 须晚于 {1}");
        e("{0} must not be below {1}", "{0} 不得小于 {1}");
        e("{0} must be the next cursor of a previous page", "{0} 须为上一页返回的 next 游标");
        e("{0} must be the historyNext cursor of a previous read", "{0} 须为上一次读取返回的 historyNext 游标");
        e("{0} must be a list of 1..{1} task ids", "{0} 须为 1 到 {1} 个任务编号的列表");
        e("{0} must hold positive whole numbers, found {1}", "{0} 须为正整数，收到 {1}");
        e("{0} must be an object {start, end} of local times HH:mm", "{0} 须为对象 {start, end}，取值为当地时间 HH:mm");
        e("{0} is not a cursor this service gave", "{0} 不是本服务给出的游标");
        e("{0} must be sent or not_sent, was '{1}'", "{0} 须为 sent 或 not_sent（收到 '{1}'）");
        // phones and e-mail addresses
        e("{0} is not a valid phone number", "{0} 不是有效的电话号码");
        e("{0} is not a valid phone number for region {1}", "{0} 不是 {1} 地区的有效电话号码");
        e("{0} is not a phone number ({1})", "{0} 不是电话号码（{1}）");
        e("not a valid e-mail address", "不是有效的电子邮件地址");
        e("phone is required (null clears it)", "phone 为必填项（null 表示清除）");
        e("phone must start with + and the country code, e.g. +12125550123", "phone 须以 + 和国家代码开头，例如 +12125550123");
        // reads and imports
        e("collector is required: whose day to list", "须给出 collector：要列出哪位催收员的当日工作");
        e("send application/json (an array of rows) or text/csv (a header row first)",
                "请发送 application/json（行的数组）或 text/csv（首行为表头）");
        e("send text/csv: a header row naming the columns, then one row per case", "请发送 text/csv：首行为列名，其后每行一个案件");
        e("the file is larger than {0} bytes (imports.maxMegabytes)", "文件超过 {0} 字节（imports.maxMegabytes）");
        e("since must not be after checkedAt: the check asks about the days before it", "since 不得晚于 checkedAt：该核查针对此前的日子");
        // waves, dry runs and templates
        e("selection is required: an object with at least one of {0}", "须给出 selection：至少包含以下之一的对象：{0}");
        e("selection must name at least one filter (a wave to every case is refused)", "selection 须至少包含一个筛选条件（不接受发给所有案件的批次）");
        e("taskIds, or a selection with channel and template, is required", "须给出 taskIds，或带渠道和模板的 selection");
        e("template {0} is a collector's own call, placed from the desk; a wave cannot send it",
                "模板 {0} 是催收员在工作台亲自拨打的电话，不能用于批量提醒");
        e("template {0} has no approved version for channel {1}", "模板 {0} 在渠道 {1} 上没有已批准的版本");
        e("template {0} version {1} is already approved", "模板 {0} 第 {1} 版已获批准");
        e("several templates {0} have version {1}; name channel and locale", "有多个模板 {0} 具有第 {1} 版；请指明渠道和语言");
        e("no template {0}", "没有模板 {0}");
        e("no template {0} version {1}", "没有模板 {0} 第 {1} 版");
        e("an SMS template must be at most {0} characters", "短信模板最多 {0} 个字符");
        e("spoken, this voice template makes TwiML of up to {0} characters with the longest case values; Twilio takes at most {1}",
                "按最长的案件数据朗读时，此语音模板生成的 TwiML 可达 {0} 个字符；Twilio 最多接受 {1} 个");
        e("a formal notice is written: only e-mail templates may be one", "正式通知须为书面形式：只有电子邮件模板可以作为正式通知");
        e("a locate-only template cannot threaten legal action or be a formal notice", "仅用于查找联系方式的模板不得以法律行动相威胁，也不得作为正式通知");
        e("an e-mail template needs a subject", "电子邮件模板需要主题");
        e("only e-mail templates have a subject", "只有电子邮件模板才有主题");
        e("the stored template cannot be rendered: {0}", "已保存的模板无法渲染：{0}");
        e("template cannot be rendered: {0}", "模板无法渲染：{0}");
        e("template does not parse: {0}", "模板无法解析：{0}");
        e("template body is missing", "缺少模板正文");
        e("no wave {0}", "没有批次 {0}");
        e("wave {0} is {1} and cannot be {2}", "批次 {0} 的状态为 {1}，不能执行 {2}");
        // cases, holds, calls and numbers
        e("no case {0}", "没有案件 {0}");
        e("case {0} has no contact point {1}", "案件 {0} 没有联系方式 {1}");
        e("case {0} has no hold {1}", "案件 {0} 没有暂停记录 {1}");
        e("hold {0} is already cleared", "暂停 {0} 已解除");
        e("no call {0}", "没有通话 {0}");
        e("an outcome was already recorded for call {0}", "通话 {0} 已记录结果");
        e("call {0} was never placed ({1})", "通话 {0} 从未拨出（{1}）");
        e("calls are not configured", "未配置通话功能");
        e("your previous call (task {0}) is still being placed: one call at a time", "您的上一通电话（任务 {0}）仍在拨出中：一次只能打一通");
        e("the call's task is being handled elsewhere", "该通话的任务正由别处处理");
        e("user {0} has no phone of their own on file (users.phone, E.164): click-to-call rings it first",
                "用户 {0} 没有登记本人电话（users.phone，E.164 格式）：一键外呼会先拨打该电话");
        e("contact point {0} has a newer check, of {1}", "联系方式 {0} 已有更新的核查（{1}）");
        e("this consent evidence ({0}, {1}, {2}) is already recorded for contact point {3}",
                "此同意证据（{0}，{1}，{2}）已为联系方式 {3} 记录过");
        e("case {0} has no phone number {1} (contact point {2} is an e-mail address; consent evidence and reassigned-numbers checks are for phone numbers)",
                "案件 {0} 没有电话号码 {1}（联系方式 {2} 是电子邮件地址；同意证据和号码重新分配核查只适用于电话号码）");
        e("no recording {0}", "没有录音 {0}");
        e("recordings cannot be played: no Twilio account is configured", "无法播放录音：未配置 Twilio 账户");
        e("role {0} may not unmask contact details", "角色 {0} 无权查看完整联系方式");
        e("a verification is already running; ask again when it has finished", "已有一次校验正在进行；请在其完成后再试");
        // people, passwords and tokens
        e("invalid username or password", "用户名或密码错误");
        e("too many failed logins for this username or from this address; try again in {0} s",
                "此用户名或此地址的登录失败次数过多；请在 {0} 秒后再试");
        e("too many wrong passwords for {0}; try again in {1} s", "{0} 的密码错误次数过多；请在 {1} 秒后再试");
        e("too many logins under way; try again in {0} s", "正在进行的登录过多；请在 {0} 秒后再试");
        e("too many password checks under way; try again in {0} s", "正在进行的密码校验过多；请在 {0} 秒后再试");
        e("{0} must be {1} to {2} characters", "{0} 须为 {1} 到 {2} 个字符");
        e("{0} must not contain the username", "{0} 不得包含用户名");
        e("{0} is one of the most common passwords; choose another", "{0} 是最常见的密码之一；请另选一个");
        e("currentPassword is not your current password", "currentPassword 不是您当前的密码");
        e("newPassword must differ from the current one", "newPassword 须与当前密码不同");
        e("{0} has no password (API tokens only); an admin can set one", "{0} 没有密码（仅使用 API 令牌）；管理员可以为其设置密码");
        e("no user {0}", "没有用户 {0}");
        e("user {0} exists (usernames are unique regardless of case)", "用户 {0} 已存在（用户名不区分大小写，须唯一）");
        e("user {0} already has role {1}", "用户 {0} 已是角色 {1}");
        e("user {0} is already disabled", "用户 {0} 已被停用");
        e("user {0} is not disabled", "用户 {0} 未被停用");
        e("you may not {0} yourself; another admin can", "您不能对自己执行“{0}”；可由另一位管理员执行");
        e("no token {0}", "没有令牌 {0}");
        e("token {0} is already revoked", "令牌 {0} 已被撤销");
        e("token {0} is the one this request uses; revoke it from a session or another token",
                "令牌 {0} 正是本次请求所用的令牌；请在登录会话中或用另一个令牌撤销它");
        e("no import {0}", "没有导入任务 {0}");
        // the contact rules' reasons (a refused click, the desk's "can I call now")
        e("outside allowed hours {0} in {1}", "不在允许的时段 {0} 内（{1}）");
        e("outside allowed hours {0} in {1} ({2}; the contact must be inside the hours in every one)",
                "不在允许的时段 {0} 内（{1}）（{2}；联系时间须在每一个可能时区的允许时段内）");
        // where the borrower's zone came from (rules.Whereabouts), inside the quiet-hours reason
        e("the borrower may be in any of {0}", "借款人可能在以下任一时区：{0}");
        e("the zone on file is {0}", "登记的时区为 {0}");
        e("area code {0} is in {1}", "区号 {0} 位于 {1}");
        e("postal code {0} is in {1}", "邮政编码 {0} 位于 {1}");
        e("address region {0} is in {1}", "地址地区 {0} 位于 {1}");
        e("phone number {0} is in {1}", "电话号码 {0} 位于 {1}");
        e("area code {0} spans {1} and {2}", "区号 {0} 横跨 {1} 和 {2}");
        e("postal code {0} spans {1} and {2}", "邮政编码 {0} 横跨 {1} 和 {2}");
        e("address region {0} spans {1} and {2}", "地址地区 {0} 横跨 {1} 和 {2}");
        e("phone number {0} spans {1} and {2}", "电话号码 {0} 横跨 {1} 和 {2}");
        e("outside the task's window {0} in {1}", "不在任务的时段 {0} 内（{1}）");
        e("already {0} {1}; a slot frees at {2}", "已达 {0} 次（{1}）；{2} 起可再联系");
        e("open hold on the case: {0}", "案件有未解除的暂停：{0}");
        e("the contact point opted out of {0}", "该联系方式已退订 {0}");
        e("no prior express consent to automated {0} to this {1}", "没有对此 {1} 进行自动 {0} 的事先明示同意");
        e("the borrower named this time inconvenient until {0}", "借款人表示此时段不便，直到 {0}");
        e("{0} minutes of calls already spent on the borrower's local day", "借款人当地当天的通话已达 {0} 分钟");
        e("a phone conversation about this debt less than {0} days ago", "不到 {0} 天前已就此债务与借款人通过电话");
        e("case status is {0}", "案件状态为 {0}");
        e("template {0} is not approved", "模板 {0} 未获批准");
        e("the third party has not agreed to be contacted", "第三方未同意被联系");
        e("a formal notice never goes to a third party", "正式通知不得发给第三方");
        e("the stored number is not in E.164 form (+ and 8 to 15 digits)", "存储的号码不是 E.164 格式（+ 加 8 到 15 位数字）");
        e("{0} allows no contact (max 0)", "{0} 不允许任何联系（上限为 0）");
        e("{0}: outside allowed hours {1} in {2} until the call-back the borrower asked for at {3}",
                "{0}：不在允许的时段 {1} 内（{2}），直到借款人要求的回电时间 {3}");
        e("{0}: outside allowed hours {1} in {2} ({3}; the contact must be inside the hours in every one) until the call-back the borrower asked for at {4}",
                "{0}：不在允许的时段 {1} 内（{2}）（{3}；联系时间须在每一个可能时区的允许时段内），直到借款人要求的回电时间 {4}");
        e("the contact point is invalid for {0}", "该联系方式对 {0} 无效");
        e("template {0} threatens legal action on a time-barred debt", "模板 {0} 以法律行动相威胁，但该债务已过诉讼时效");
        e("no formal notice on a {0} case", "状态为 {0} 的案件不发正式通知");
        e("no formal notice for an overdue amount of {0} (must be more than {1})", "逾期金额 {0} 不发正式通知（须超过 {1}）");
        e("template {0} is not locate-only; a third party may only be asked how to reach the borrower",
                "模板 {0} 不是仅用于查找联系方式的模板；对第三方只能询问如何联系借款人");
        e("the reassigned-numbers check of {0} found this number reassigned; no consent evidence dated after it ({1})",
                "{0} 的号码重新分配核查发现此号码已被重新分配；此后没有同意证据（{1}）");
        e("no text from this number within {0} days ({1}), no consent evidence within {2} days ({3}) and no reassigned-numbers check finding it not reassigned within {4} days ({5})",
                "{0} 天内没有来自此号码的短信（{1}），{2} 天内没有同意证据（{3}），{4} 天内也没有核查确认此号码未被重新分配（{5}）");
        e("{0}; no allowed moment within {1} days", "{0}；{1} 天内没有允许联系的时间");
        e("{0}; no allowed moment before the task's not-after {1}", "{0}；在任务截止时间 {1} 之前没有允许联系的时间");
        e("rules never agreed on a moment: {0}", "各规则找不到共同允许的时间：{0}");
    }

    private ChineseMessages() {
    }

    /** {@code english} in Chinese, or {@code english} itself when no entry says it. */
    static String translate(String english) {
        if (english == null || english.isEmpty()) {
            return english;
        }
        Entry best = null;
        Matcher bestMatch = null;
        for (Entry entry : ENTRIES) {
            Matcher m = entry.english.matcher(english);
            if (m.matches() && (best == null || entry.fixed > best.fixed)) {
                best = entry;
                bestMatch = m;
            }
        }
        if (best == null) {
            return english;
        }
        StringBuilder out = new StringBuilder();
        Matcher hole = HOLE.matcher(best.chinese);
        int last = 0;
        while (hole.find()) {
            out.append(best.chinese, last, hole.start());
            String part = bestMatch.group(best.groupOf(Integer.parseInt(hole.group(1))));
            out.append(part.equals(english) ? part : translate(part));
            last = hole.end();
        }
        return out.append(best.chinese.substring(last)).toString();
    }

    /** How many entries there are (the test reads each one). */
    static int size() {
        return ENTRIES.size();
    }

    /** Entry {@code i}: its English and its Chinese, as written. */
    static String[] entry(int i) {
        Entry e = ENTRIES.get(i);
        return new String[] {e.source, e.chinese};
    }

    private static void e(String english, String chinese) {
        ENTRIES.add(Entry.of(english, chinese));
    }

    /** One sentence: the English as a pattern (a hole is any text), its fixed length, the Chinese with the same holes. */
    private record Entry(String source, Pattern english, int fixed, int[] holes, String chinese) {
        static Entry of(String english, String chinese) {
            StringBuilder regex = new StringBuilder();
            List<Integer> order = new ArrayList<>();
            Matcher m = HOLE.matcher(english);
            int last = 0;
            int fixed = 0;
            while (m.find()) {
                regex.append(Pattern.quote(english.substring(last, m.start()))).append("(.+?)");
                fixed += m.start() - last;
                order.add(Integer.parseInt(m.group(1)));
                last = m.end();
            }
            regex.append(Pattern.quote(english.substring(last)));
            fixed += english.length() - last;
            return new Entry(english, Pattern.compile(regex.toString(), Pattern.DOTALL), fixed,
                    order.stream().mapToInt(Integer::intValue).toArray(), chinese);
        }

        /** The regex group that holds hole {@code n}. */
        int groupOf(int n) {
            for (int i = 0; i < holes.length; i++) {
                if (holes[i] == n) {
                    return i + 1;
                }
            }
            throw new IllegalStateException("the Chinese of '" + source + "' names a hole {" + n + "} its English lacks");
        }
    }
}
