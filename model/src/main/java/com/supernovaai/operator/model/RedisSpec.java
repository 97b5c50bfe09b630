package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** Redis run by the operator, or an external one. */
@ValidationRule(
    value = "has(self.external) == has(oldSelf.external)",
    message =
        "redis.external cannot be added or removed on an existing stack: create a new stack"
            + " instead",
    fieldPath = ".external")
@ValidationRule(
    value =
        "!has(self.maxMemory) || quantity("
            + RedisSpec.MAX_MEMORY
            + ").isGreaterThan(quantity('0'))",
    message =
        "maxMemory must be more than 0 (0 means no limit: Redis would grow until the pod is killed)",
    fieldPath = ".maxMemory")
@ValidationRule(
    value =
        "!has(self.maxMemory) || has(self.external)"
            + " || quantity("
            + RedisSpec.MAX_MEMORY
            + ").isLessThan("
            + RedisSpec.MEMORY_LIMIT
            + ")",
    message =
        "maxMemory must be less than the Redis container's memory limit (resources.limits.memory,"
            + " default 2Gi), or Redis is killed before it evicts anything",
    fieldPath = ".maxMemory")
@ValidationRule(
    value = "!has(self.external) || (!has(self.maxMemory) && !has(self.resources))",
    message =
        "redis.maxMemory and redis.resources configure the Redis the operator runs: not allowed"
            + " with redis.external, where they would be ignored",
    fieldPath = ".external")
@ValidationRule(
    value = "self.mode == oldSelf.mode",
    message =
        "redis.mode cannot be changed on an existing stack: create a new stack with the mode you"
            + " want",
    fieldPath = ".mode")
@ValidationRule(
    value = "self.mode != 'sentinel' || !has(self.external)",
    message =
        "redis.mode: sentinel runs three Redis pods with Sentinel: not allowed with redis.external"
            + " (remove one of them)",
    fieldPath = ".mode")
@ValidationRule(
    value =
        "self.mode != 'sentinel' || !has(self.persistence) || !has(self.persistence.enabled)"
            + " || self.persistence.enabled",
    message =
        "redis.mode: sentinel needs redis.persistence.enabled: true (a master restarting empty"
            + " would be copied to its replicas and erase them)",
    fieldPath = ".persistence.enabled")
@ValidationRule(
    value =
        "self.mode != 'sentinel' || !(self.image.startsWith('redis:')"
            + " || self.image.startsWith('docker.io/library/redis:')"
            + " || self.image.startsWith('library/redis:'))",
    message =
        "redis.mode: sentinel needs an image with curl (each pod labels itself with its role);"
            + " the official redis images (the default redis:7.2-alpine included) have no curl: use"
            + " the project's Debian image (docs/image-contract.md)",
    fieldPath = ".image")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisSpec {

  /** Redis pods in sentinel mode: a master and two replicas, a Sentinel beside each. */
  public static final int SENTINEL_PODS = 3;

  @Default("standalone")
  @JsonPropertyDescription(
      "standalone: one Redis pod. sentinel: three Redis pods (a master and two replicas, AOF on"
          + " each) with a Sentinel beside each, quorum 2; the API server finds the master through"
          + " the Sentinels and follows a failover. Needs persistence; fixed when the stack is"
          + " created.")
  private RedisMode mode = RedisMode.STANDALONE;

  @Default("redis:7.2-alpine")
  @Size(min = 1, max = ImageReference.MAX_LENGTH)
  @JsonPropertyDescription("Redis image.")
  @ValidationRule(value = ImageReference.RULE, message = ImageReference.MESSAGE)
  private String image = DEFAULT_IMAGE;

  @Default("{}")
  @JsonPropertyDescription(
      "Append-only file on a volume (StatefulSet); disabled: a Deployment without a " + "volume.")
  private RedisPersistenceSpec persistence = new RedisPersistenceSpec();

  @Size(max = 20)
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
  @ValidationRule(value = Quantities.RESOURCES_RULE, message = Quantities.RESOURCES_MESSAGE)
  @ValidationRule(
      value = Quantities.REQUESTS_WITHIN_LIMITS_RULE,
      message = Quantities.REQUESTS_WITHIN_LIMITS_MESSAGE)
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "Use an existing Redis instead of running one; no Redis objects are created then.")
  private ExternalRedisSpec external;

  /** maxMemory as a Kubernetes quantity: Redis' kb/mb/gb are binary, k/m/g decimal. */
  static final String MAX_MEMORY =
      "self.maxMemory.lowerAscii().replace('kb', 'Ki').replace('mb', 'Mi').replace('gb', 'Gi')"
          + ".replace('m', 'M').replace('g', 'G')";

  /** The memory Redis runs with, as the operator sets it (Defaults.redis: 2Gi). */
  static final String MEMORY_LIMIT =
      "(!has(self.resources) ? quantity('2Gi')"
          + " : has(self.resources.limits) && 'memory' in self.resources.limits"
          + " ? quantity(string(self.resources.limits['memory']))"
          + " : has(self.resources.requests) && 'memory' in self.resources.requests"
          + " ? quantity(string(self.resources.requests['memory'])) : quantity('2Gi'))";

  /** Default Redis image. */
  public static final String DEFAULT_IMAGE = "redis:7.2-alpine";

  /** True in sentinel mode. */
  public boolean sentinel() {
    return mode == RedisMode.SENTINEL;
  }

  public RedisMode getMode() {
    return mode;
  }

  public void setMode(RedisMode mode) {
    this.mode = mode;
  }

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
