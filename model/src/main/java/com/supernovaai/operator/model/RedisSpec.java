package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** Redis run by the operator, or an external one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisSpec {

  @Default("redis:7.2-alpine")
  @Size(min = 1, max = ImageReference.MAX_LENGTH)
  @JsonPropertyDescription("Redis image.")
  @ValidationRule(value = ImageReference.RULE, message = ImageReference.MESSAGE)
  private String image = DEFAULT_IMAGE;

  @Default("{}")
  @JsonPropertyDescription(
      "Append-only file on a volume (StatefulSet); disabled: a Deployment without a " + "volume.")
  private RedisPersistenceSpec persistence = new RedisPersistenceSpec();

  @Pattern("^[0-9]+([kKmMgG][bB]?)?$")
  @JsonPropertyDescription(
      "maxmemory of Redis (e.g. 2gb, 512mb). Default: 80% of the memory limit.")
  private String maxMemory;

  @Default("allkeys-lru")
  @Pattern(
      "^(noeviction|allkeys-lru|allkeys-lfu|allkeys-random|volatile-lru|volatile-lfu|volatile-random|volatile-ttl)$")
  @JsonPropertyDescription("maxmemory-policy of Redis.")
  private String maxMemoryPolicy = "allkeys-lru";

  @JsonPropertyDescription(
      "Compute resources of the Redis container. Default: requests 250m CPU / 1Gi, "
          + "limits 1 CPU / 2Gi.")
  @ValidationRule(
      value = Quantities.REQUESTS_WITHIN_LIMITS_RULE,
      message = Quantities.REQUESTS_WITHIN_LIMITS_MESSAGE)
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "Use an existing Redis instead of running one; no Redis objects are created then.")
  private ExternalRedisSpec external;

  /** Default Redis image. */
  public static final String DEFAULT_IMAGE = "redis:7.2-alpine";

  /** True when an external Redis is configured. */
  public boolean hasExternal() {
    return external != null;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public RedisPersistenceSpec getPersistence() {
    return persistence;
  }

  public void setPersistence(RedisPersistenceSpec persistence) {
    this.persistence = persistence;
  }

  public String getMaxMemory() {
    return maxMemory;
  }

  public void setMaxMemory(String maxMemory) {
    this.maxMemory = maxMemory;
  }

  public String getMaxMemoryPolicy() {
    return maxMemoryPolicy;
  }

  public void setMaxMemoryPolicy(String maxMemoryPolicy) {
    this.maxMemoryPolicy = maxMemoryPolicy;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public ExternalRedisSpec getExternal() {
    return external;
  }

  public void setExternal(ExternalRedisSpec external) {
    this.external = external;
  }
}
