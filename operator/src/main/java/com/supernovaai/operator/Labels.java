package com.supernovaai.operator;

import com.supernovaai.operator.model.SuperNovaStack;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels every object of a stack carries, and the selectors built from them. */
public final class Labels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String VERSION = "app.kubernetes.io/version";

  /** Color of an API Deployment and its pods (blue or green). */
  public static final String COLOR = SuperNovaStack.GROUP + "/color";

  /**
   * Marks the Service a stack's ServiceMonitor selects (the active and preview Services carry the
   * same component labels and would be scraped twice).
   */
  public static final String METRICS = SuperNovaStack.GROUP + "/metrics";

  /**
   * Role of a sentinel-mode Redis pod ({@code master} or {@code replica}), kept by the pod itself;
   * the {@code <stack>-redis} Service selects the master by it.
   */
  public static final String REDIS_ROLE = SuperNovaStack.GROUP + "/redis-role";

  public static final String REDIS_MASTER = "master";
  public static final String REDIS_REPLICA = "replica";

  public static final String APP = "supernova";
  public static final String OPERATOR = "supernova-operator";

  /** Selector of every informer: the operator caches only its own objects. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  public static final String COMPONENT_DATABASE = "database";
  public static final String COMPONENT_POOLER = "pooler";
  public static final String COMPONENT_REDIS = "redis";
  public static final String COMPONENT_API = "api";
  public static final String COMPONENT_BACKUP = "backup";
  public static final String COMPONENT_FRONTEND = "frontend";

  private Labels() {}

  /** All standard labels of an object of one component; version may be null. */
  public static Map<String, String> of(SuperNovaStack stack, String component, String version) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, APP);
    labels.put(INSTANCE, StackNames.stack(stack));
    labels.put(COMPONENT, component);
    labels.put(PART_OF, APP);
    labels.put(MANAGED_BY, OPERATOR);
    if (version != null) {
      labels.put(VERSION, version);
    }
    return labels;
  }

  public static Map<String, String> of(SuperNovaStack stack, String component) {
    return of(stack, component, null);
  }

  /** Labels of an API object of one color. */
  public static Map<String, String> api(SuperNovaStack stack, String color, String image) {
    Map<String, String> labels = of(stack, COMPONENT_API, versionOf(image));
    labels.put(COLOR, color);
    return labels;
  }

  /**
   * Immutable selector of one component's pods: name + instance + component. The name label keeps
   * out pods of anything else that happens to use the same instance and component (a Helm release
   * of the same name); the migration package moves workloads made without it.
   */
  public static Map<String, String> selector(SuperNovaStack stack, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, APP);
    labels.put(INSTANCE, StackNames.stack(stack));
    labels.put(COMPONENT, component);
    return labels;
  }

  /** Selector of the API pods of one color. */
  public static Map<String, String> apiSelector(SuperNovaStack stack, String color) {
    Map<String, String> labels = selector(stack, COMPONENT_API);
    labels.put(COLOR, color);
    return labels;
  }

  /** Label selector string of everything the operator made for one stack. */
  public static String stackSelector(SuperNovaStack stack) {
    return MANAGED_SELECTOR + "," + INSTANCE + "=" + StackNames.stack(stack);
  }

  /**
   * The version label of an image: its tag (or digest prefix), cut to a valid label value. Null
   * when the image names neither.
   */
  public static String versionOf(String image) {
    if (image == null) {
      return null;
    }
    String version;
    int at = image.indexOf('@');
    if (at >= 0) {
      version = image.substring(at + 1).replace(':', '-');
    } else {
      int slash = image.lastIndexOf('/');
      int colon = image.lastIndexOf(':');
      if (colon <= slash) {
        return null;
      }
      version = image.substring(colon + 1);
    }
    version = version.replaceAll("[^A-Za-z0-9_.-]", "-");
    if (version.length() > 63) {
      version = version.substring(0, 63);
    }
    version = version.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    return version.isEmpty() ? null : version;
  }
}
