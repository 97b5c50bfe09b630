package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.dependent.ApiPodTemplate;
import com.supernovaai.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** envFrom sources whose keys would replace what the operator sets on the API server. */
class EnvFromOverridesTest {

  private final Set<String> reserved = ApiPodTemplate.operatorVariables(Stacks.minimal());

  @Test
  void theOperatorsVariablesIncludeItsAddressesAndCredentials() {
    assertThat(reserved)
        .contains("DATABASE_URL", "REDIS_URL", "DATABASE_PASSWORD", "JWT_SECRET_KEY");
  }

  @Test
  void aKeyThatNamesAnOperatorVariableAfterItsPrefixIsRefusedNamingTheObjectAndTheKey() {
    var envFrom =
        List.of(
            configMap("tuning", null), secret("app-secrets", null), configMap("db", "DATABASE_"));
    Map<String, Set<String>> keys =
        Map.of(
            "tuning", Set.of("FEATURE_X"),
            "app-secrets", Set.of("JWT_SECRET_KEY", "REDIS_URL", "SENTRY_DSN"),
            "db", Set.of("URL"));

    var fault = EnvFromOverrides.check(envFrom, s -> keysOf(keys, s), reserved);

    assertThat(fault)
        .hasValueSatisfying(
            f -> {
              assertThat(f.reason()).isEqualTo(Reasons.ENV_FROM_OVERRIDES_OPERATOR_VARIABLES);
              assertThat(f.message())
                  .startsWith(
                      "Secret app-secrets (spec.api.envFrom[1]) sets JWT_SECRET_KEY, REDIS_URL,"
                          + " which the operator sets");
            });
    var prefixed = EnvFromOverrides.check(List.of(envFrom.get(2)), s -> keysOf(keys, s), reserved);
    assertThat(prefixed)
        .hasValueSatisfying(
            f ->
                assertThat(f.message())
                    .startsWith("ConfigMap db (spec.api.envFrom[0]) sets DATABASE_URL,"));
  }

  @Test
  void keysOfTheirOwnAndAPrefixThatAvoidsAClashPass() {
    var envFrom = List.of(configMap("tuning", null), secret("app-secrets", "APP_"));
    Map<String, Set<String>> keys =
        Map.of("tuning", Set.of("FEATURE_X"), "app-secrets", Set.of("REDIS_URL"));

    assertThat(EnvFromOverrides.check(envFrom, s -> keysOf(keys, s), reserved)).isEmpty();
  }

  @Test
  void aMissingSourceDegradesUnlessItIsOptional() {
    var required = configMap("absent", null);
    var optional = secret("also-absent", null);
    optional.getSecretRef().setOptional(true);

    assertThat(EnvFromOverrides.check(List.of(optional), s -> Optional.empty(), reserved))
        .isEmpty();
    assertThat(EnvFromOverrides.check(List.of(optional, required), s -> Optional.empty(), reserved))
        .hasValueSatisfying(
            f -> {
              assertThat(f.reason()).isEqualTo(Reasons.ENV_FROM_SOURCE_MISSING);
              assertThat(f.message())
                  .isEqualTo("ConfigMap absent (spec.api.envFrom[1]) does not exist");
            });
  }

  private static Optional<Set<String>> keysOf(Map<String, Set<String>> keys, EnvFromSource s) {
    String name =
        s.getConfigMapRef() != null ? s.getConfigMapRef().getName() : s.getSecretRef().getName();
    return Optional.ofNullable(keys.get(name));
  }

  private static EnvFromSource configMap(String name, String prefix) {
    return new EnvFromSourceBuilder()
        .withPrefix(prefix)
        .withNewConfigMapRef()
        .withName(name)
        .endConfigMapRef()
        .build();
  }

  private static EnvFromSource secret(String name, String prefix) {
    return new EnvFromSourceBuilder()
        .withPrefix(prefix)
        .withNewSecretRef()
        .withName(name)
        .endSecretRef()
        .build();
  }
}
