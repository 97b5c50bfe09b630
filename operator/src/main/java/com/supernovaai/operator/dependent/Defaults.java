package com.supernovaai.operator.dependent;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehaviorBuilder;

/** Defaults from the deployment guide for what the schema cannot default (objects). */
public final class Defaults {

  private Defaults() {}

  public static ResourceRequirements api(ResourceRequirements given) {
    return given != null ? given : resources("1", "2Gi", "2", "4Gi");
  }

  public static ResourceRequirements database(ResourceRequirements given) {
    return given != null ? given : resources("2", "8Gi", "4", "16Gi");
  }

  public static ResourceRequirements pooler(ResourceRequirements given) {
    return given != null ? given : resources("100m", "128Mi", "500m", "256Mi");
  }

  public static ResourceRequirements redis(ResourceRequirements given) {
    return given != null ? given : resources("250m", "1Gi", "1", "2Gi");
  }

  /** nginx serving static files and proxying: small. */
  public static ResourceRequirements frontend(ResourceRequirements given) {
    return given != null ? given : resources("20m", "32Mi", "200m", "64Mi");
  }

  /** The Sentinel beside each sentinel-mode Redis: a few MB of state, a ping per second. */
  public static ResourceRequirements sentinel() {
    return resources("50m", "32Mi", "200m", "64Mi");
  }

  /** The loop that keeps a sentinel-mode Redis pod's role label: a shell, redis-cli and curl. */
  public static ResourceRequirements redisRoleLabel() {
    return resources("10m", "16Mi", "100m", "32Mi");
  }

  public static ResourceRequirements backup(ResourceRequirements given) {
    return given != null ? given : resources("250m", "512Mi", "1", "1Gi");
  }

  /** Scale up by 100% every 15s, down by 50% every 60s after a 300s stabilization window. */
  public static HorizontalPodAutoscalerBehavior autoscalingBehavior(
      HorizontalPodAutoscalerBehavior given) {
    if (given != null) {
      return given;
    }
    return new HorizontalPodAutoscalerBehaviorBuilder()
        .withNewScaleUp()
        .withStabilizationWindowSeconds(0)
        .withSelectPolicy("Max")
        .addNewPolicy()
        .withType("Percent")
        .withValue(100)
        .withPeriodSeconds(15)
        .endPolicy()
        .endScaleUp()
        .withNewScaleDown()
        .withStabilizationWindowSeconds(300)
        .withSelectPolicy("Max")
        .addNewPolicy()
        .withType("Percent")
        .withValue(50)
        .withPeriodSeconds(60)
        .endPolicy()
        .endScaleDown()
        .build();
  }

  private static ResourceRequirements resources(
      String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(cpuRequest))
        .addToRequests("memory", new Quantity(memoryRequest))
        .addToLimits("cpu", new Quantity(cpuLimit))
        .addToLimits("memory", new Quantity(memoryLimit))
        .build();
  }

  /** Memory limit in bytes, else the request, else the fallback. */
  public static long memoryBytes(ResourceRequirements resources, long fallback) {
    Quantity q = null;
    if (resources.getLimits() != null) {
      q = resources.getLimits().get("memory");
    }
    if (q == null && resources.getRequests() != null) {
      q = resources.getRequests().get("memory");
    }
    return q == null ? fallback : Quantity.getAmountInBytes(q).longValue();
  }

  /** CPU limit in whole cores (at least 1), else the request, else the fallback. */
  public static int cpuCores(ResourceRequirements resources, int fallback) {
    Quantity q = null;
    if (resources.getLimits() != null) {
      q = resources.getLimits().get("cpu");
    }
    if (q == null && resources.getRequests() != null) {
      q = resources.getRequests().get("cpu");
    }
    if (q == null) {
      return fallback;
    }
    return Math.max(1, (int) Math.ceil(Quantity.getAmountInBytes(q).doubleValue()));
  }
}
