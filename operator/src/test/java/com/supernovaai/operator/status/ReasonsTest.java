package com.supernovaai.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The status vocabulary is a contract: values Kubernetes accepts, one name for each. */
class ReasonsTest {

  /** metav1.Condition's validation of type and reason: the API server refuses anything else. */
  private static final Pattern CONDITION_REASON =
      Pattern.compile("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");

  @ParameterizedTest
  @ValueSource(classes = {ConditionTypes.class, Reasons.class, EventReasons.class})
  void everyValueIsCamelCaseAsKubernetesRequires(Class<?> holder) throws Exception {
    assertThat(values(holder))
        .isNotEmpty()
        .allSatisfy((name, value) -> assertThat(value).as(name).matches(CONDITION_REASON));
  }

  /** Two names for one reason would let a check on one name miss the other's conditions. */
  @ParameterizedTest
  @ValueSource(classes = {ConditionTypes.class, Reasons.class, EventReasons.class})
  void noReasonHasTwoNames(Class<?> holder) throws Exception {
    Map<String, List<String>> namesByValue = new HashMap<>();
    values(holder)
        .forEach(
            (name, value) -> namesByValue.computeIfAbsent(value, v -> new ArrayList<>()).add(name));

    assertThat(namesByValue).allSatisfy((value, names) -> assertThat(names).as(value).hasSize(1));
  }

  /** The public String constants of a holder class, by field name. */
  private static Map<String, String> values(Class<?> holder) throws IllegalAccessException {
    Map<String, String> values = new HashMap<>();
    for (Field f : holder.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        values.put(f.getName(), (String) f.get(null));
      }
    }
    return values;
  }
}
