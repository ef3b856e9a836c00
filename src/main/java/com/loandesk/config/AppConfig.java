package com.loandesk.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The whole configuration, checked at start-up. Values come from a YAML file in {@code conf/};
 * {@code PORT} overrides the HTTP port. Secrets are never read from the file, only from the environment.
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
        ImportsConfig imports) {

    public static AppConfig from(JsonObject root) {
        PortfolioConfig portfolio = PortfolioConfig.from(root);
        DatabaseConfig database = DatabaseConfig.from(root);
        CadenceConfig cadence = CadenceConfig.from(root).checkedAgainst(portfolio);
        if (portfolio.enabled() && cadence.enabled() && database.poolSize() < 2) {
            throw new ConfigException("database.poolSize must be at least 2 while cadence.enabled is true (a cadence pass holds "
                    + "one connection for its lock and creates waves on another), was " + database.poolSize());
        }
        return new AppConfig(HttpConfig.from(root), database, DispatchConfig.from(root),
                RulesConfig.from(root), SimulatorConfig.from(root), ProvidersConfig.from(root), RetentionConfig.from(root), DemoConfig.from(root),
                WavesConfig.from(root), portfolio, cadence, ImportsConfig.from(root));
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
        return from(root);
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
