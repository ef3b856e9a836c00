package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The whole configuration, checked at start-up. Values come from a YAML file in {@code conf/};
 * {@code PORT} and {@code BIND_ADDRESS} override the HTTP port and address. Secrets are never read from the file,
 * only from the environment. A key nobody reads is refused, named, as is a demo aimed at real Twilio.
 */
public record AppConfig(
        HttpConfig http,
        DatabaseConfig database,
        DispatchConfig dispatch,
        RulesConfig rules,
        SimulatorConfig simulator,
        ProvidersConfig providers,
        RetentionConfig retention,
        DemoConfig demo,
        WavesConfig waves,
        PortfolioConfig portfolio,
        CadenceConfig cadence,
        ImportsConfig imports,
        RndConfig rnd,
        LoginConfig login,
        AuditConfig audit) {

    /** The sections of a configuration file; anything else at its top level is refused. */
    static final Set<String> SECTIONS = Set.of("http", "database", "dispatch", "rules", "simulator", "providers",
            "retention", "demo", "waves", "portfolio", "cadence", "imports", "rnd", "login", "audit");

    public static AppConfig from(JsonObject root) {
        Settings.refuseUnknown("", root, SECTIONS);
        PortfolioConfig portfolio = PortfolioConfig.from(root);
        DatabaseConfig database = DatabaseConfig.from(root);
        CadenceConfig cadence = CadenceConfig.from(root).checkedAgainst(portfolio);
        if (portfolio.enabled() && cadence.enabled() && database.poolSize() < 2) {
            throw new ConfigException("database.poolSize must be at least 2 while cadence.enabled is true (a cadence pass holds "
                    + "one connection for its lock and creates waves on another), was " + database.poolSize());
        }
        HttpConfig http = HttpConfig.from(root);
        DispatchConfig dispatch = DispatchConfig.from(root);
        RulesConfig rules = RulesConfig.from(root);
        SimulatorConfig simulator = SimulatorConfig.from(root);
        RetentionConfig retention = RetentionConfig.from(root);
        WavesConfig waves = WavesConfig.from(root);
        DemoConfig demo = DemoConfig.from(root);
        ProvidersConfig providers = ProvidersConfig.from(root);
        if (demo.enabled() && providers.mode() == ProviderMode.TWILIO) {
            throw new ConfigException("demo.enabled is true with providers.mode twilio: the demo's made-up borrowers only ever go "
                    + "to the built-in fake (fake-twilio) or the simulator");
        }
        return new AppConfig(http, database, dispatch, rules, simulator, providers, retention, demo, waves, portfolio, cadence,
                ImportsConfig.from(root), RndConfig.from(root), LoginConfig.from(root), AuditConfig.from(root));
    }

    /** Reads {@code file}, applies the environment's overrides, and checks everything. */
    public static AppConfig load(Path file, Map<String, String> env) {
        JsonObject root = readYaml(file);
        String port = env.get("PORT");
        if (port != null && !port.isBlank()) {
            try {
                root.put("http", root.getJsonObject("http", new JsonObject()).put("port", Integer.parseInt(port.trim())));
            } catch (NumberFormatException e) {
                throw new ConfigException("PORT must be a whole number, was '" + port + "'");
            }
        }
        String address = env.get("BIND_ADDRESS");
        if (address != null && !address.isBlank()) {
            root.put("http", root.getJsonObject("http", new JsonObject()).put("host", address.trim()));
        }
        AppConfig config = from(root);
        // fails closed before anything starts: the RND fake only in the demo, the real adapter only with its key
        config.rnd().checkStartable(config.demo().enabled(), env);
        return config;
    }

    static JsonObject readYaml(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file " + file + " does not exist");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (doc == null) {
                return new JsonObject();
            }
            if (!(doc instanceof Map<?, ?> map)) {
                throw new ConfigException(file + " must hold a mapping at its top level");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            return new JsonObject(typed);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new ConfigException(file + " is not valid YAML: " + e.getMessage());
        }
    }
}
