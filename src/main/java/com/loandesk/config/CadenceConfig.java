package com.loandesk.config;

import com.loandesk.rules.Channel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in cadence scheduler: whether it runs, and the stage cadences of {@code cadence.file}
 * (conf/cadences.yaml), checked at start; an error names the step's key, e.g. {@code cadences.early[1].window}.
 */
public record CadenceConfig(boolean enabled, Path file, List<CadenceStep> steps) {

    private static final Set<String> STAGES = com.loandesk.rules.Stage.CODES;
    private static final Set<String> STEP_KEYS = Set.of("id", "day", "days", "after", "channel", "template", "window", "expires");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern WINDOW = Pattern.compile("(\\d\\d:\\d\\d)-(\\d\\d:\\d\\d)");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,4})([mhd])");

    public static CadenceConfig from(JsonObject root) {
        Settings s = Settings.of(root, "cadence");
        boolean enabled = s.bool("enabled", true);
        Path file = Path.of(s.text("file", "conf/cadences.yaml"));
        s.refuseUnknown();
        if (!enabled) {
            return new CadenceConfig(false, file, List.of());
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new ConfigException("cadence.file must be a cadence file, was '" + file + "'");
        }
        return new CadenceConfig(true, file, steps(AppConfig.readYaml(file)));
    }

    /** Refuses a step whose day falls past its stage's last DPD (it could never select a case). */
    public CadenceConfig checkedAgainst(PortfolioConfig portfolio) {
        for (CadenceStep step : steps) {
            int length = switch (step.stage()) {
                case "early" -> portfolio.earlyMaxDpd();
                case "middle" -> portfolio.middleMaxDpd() - portfolio.earlyMaxDpd();
                default -> Integer.MAX_VALUE;
            };
            if (step.day() > length) {
                throw new ConfigException("cadences." + step.stage() + " step " + step.id() + " has day " + step.day()
                        + ", past the stage's " + length + " days (portfolio.earlyMaxDpd / middleMaxDpd)");
            }
        }
        return this;
    }

    /** The steps of a cadence document (stage → list of steps), each expanded to one step per day. */
    public static List<CadenceStep> steps(JsonObject doc) {
        List<CadenceStep> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String stage : doc.fieldNames()) {
            if (!STAGES.contains(stage)) {
                throw new ConfigException("cadences." + stage + " is not a stage (early, middle, late)");
            }
            Object list = doc.getValue(stage);
            if (list == null) {
                continue;
            }
            if (!(list instanceof JsonArray steps)) {
                throw new ConfigException("cadences." + stage + " must be a list of steps");
            }
            for (int i = 0; i < steps.size(); i++) {
                String key = "cadences." + stage + "[" + i + "]";
                if (!(steps.getValue(i) instanceof JsonObject step)) {
                    throw new ConfigException(key + " must be a mapping");
                }
                out.addAll(step(stage, key, step, ids));
            }
        }
        return List.copyOf(out);
    }

    private static List<CadenceStep> step(String stage, String key, JsonObject step, Set<String> ids) {
        for (String name : step.fieldNames()) {
            if (!STEP_KEYS.contains(name)) {
                throw new ConfigException(key + "." + name + " is not a step setting (" + String.join(", ", new java.util.TreeSet<>(STEP_KEYS)) + ")");
            }
        }
        String id = text(step, key, "id");
        if (!ID.matcher(id).matches()) {
            throw new ConfigException(key + ".id must be lower-case letters, digits and dashes, was '" + id + "'");
        }
        if (!ids.add(id)) {
            throw new ConfigException(key + ".id '" + id + "' is used by another step");
        }
        List<Integer> days = days(step, key);
        Channel channel;
        try {
            channel = Channel.of(text(step, key, "channel"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ".channel must be sms, voice or email, was '" + step.getValue("channel") + "'");
        }
        String template = text(step, key, "template");
        LocalTime start = null;
        LocalTime end = null;
        if (step.getValue("window") != null) {
            Matcher m = WINDOW.matcher(String.valueOf(step.getValue("window")));
            try {
                if (!m.matches()) {
                    throw new IllegalArgumentException();
                }
                start = LocalTime.parse(m.group(1));
                end = LocalTime.parse(m.group(2));
            } catch (RuntimeException e) {
                throw new ConfigException(key + ".window must be \"HH:MM-HH:MM\" in quotes, was '" + step.getValue("window") + "'");
            }
            if (!start.isBefore(end)) {
                throw new ConfigException(key + ".window must start before it ends, was '" + step.getValue("window") + "'");
            }
        }
        Duration after = duration(step, key, "after", Duration.ZERO);
        Duration expires = duration(step, key, "expires", Duration.ofHours(24));
        if (expires.isZero()) {
            throw new ConfigException(key + ".expires must be more than 0");
        }
        List<CadenceStep> out = new ArrayList<>();
        for (int day : days) {
            out.add(new CadenceStep(id + "@d" + day, id, stage, day, channel, template, start, end, after, expires));
        }
        return out;
    }

    private static List<Integer> days(JsonObject step, String key) {
        Object day = step.getValue("day");
        Object days = step.getValue("days");
        if ((day == null) == (days == null)) {
            throw new ConfigException(key + " must have exactly one of day or days");
        }
        List<Object> raw = day != null ? List.of(day) : days instanceof JsonArray a ? a.getList() : null;
        String field = day != null ? key + ".day" : key + ".days";
        if (raw == null || raw.isEmpty()) {
            throw new ConfigException(field + " must be a non-empty list of days, was " + days);
        }
        List<Integer> out = new ArrayList<>();
        for (Object d : raw) {
            if (!(d instanceof Integer n) || n < 1 || n > 3650) {
                throw new ConfigException(field + " must be whole days 1..3650, was " + d);
            }
            if (out.contains(n)) {
                throw new ConfigException(field + " lists day " + n + " twice");
            }
            out.add(n);
        }
        return out;
    }

    private static String text(JsonObject step, String key, String name) {
        Object v = step.getValue(name);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new ConfigException(key + "." + name + " must be a non-empty string, was " + (v == null ? "nothing" : v));
        }
        return s;
    }

    private static Duration duration(JsonObject step, String key, String name, Duration fallback) {
        Object v = step.getValue(name);
        if (v == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(String.valueOf(v));
        if (!m.matches()) {
            throw new ConfigException(key + "." + name + " must be a duration such as 30m, 2h or 1d, was '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
