package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;

/**
 * The SuperNova API server: image, size, autoscaling, disruption budget, scheduling and rollout.
 */
@ValidationRule(
    value =
        "!has(self.rollout) || !has(self.rollout.strategy) || self.rollout.strategy != 'Canary'"
            + " || !has(self.autoscaling) || !has(self.autoscaling.enabled)"
            + " || !self.autoscaling.enabled",
    message =
        "rollout.strategy Canary needs autoscaling.enabled: false (the HorizontalPodAutoscaler"
            + " would undo the replica ratio that sets the canary's share); size the API with"
            + " api.replicas",
    fieldPath = ".rollout.strategy")
@ValidationRule(
    value =
        "!has(self.resources) || !has(self.autoscaling) || !has(self.autoscaling.enabled)"
            + " || !self.autoscaling.enabled || ["
            + "'cpu', 'memory'].all(r, (has(self.resources.requests) && r in self.resources.requests)"
            + " || (has(self.resources.limits) && r in self.resources.limits))",
    message =
        "with autoscaling enabled, api.resources must give cpu and memory (requests, or limits"
            + " that default them): the autoscaler's targets are percentages of the requests and"
            + " it never scales without them",
    fieldPath = ".resources")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiSpec {

  @Required
  @Size(min = 1, max = ImageReference.MAX_LENGTH)
  @JsonPropertyDescription(
      "API server image (registry/repository:tag or @digest). The only field most "
          + "users change; a change starts a rollout.")
  @ValidationRule(value = ImageReference.RULE, message = ImageReference.MESSAGE)
  private String image;

  @Default("3")
  @Min(0)
  @Max(500)
  @JsonPropertyDescription(
      "Number of API pods when autoscaling is off. Never written to a Deployment the "
          + "HorizontalPodAutoscaler owns.")
  private Integer replicas = 3;

  @JsonPropertyDescription(
      "Compute resources of the API container. Default: requests 1 CPU / 2Gi, limits 2 "
          + "CPU / 4Gi.")
  @ValidationRule(value = Quantities.RESOURCES_RULE, message = Quantities.RESOURCES_MESSAGE)
  @ValidationRule(
      value = Quantities.REQUESTS_WITHIN_LIMITS_RULE,
      message = Quantities.REQUESTS_WITHIN_LIMITS_MESSAGE)
  private ResourceRequirements resources;

  @JsonPropertyDescription(
      "Extra environment variables of the API container; the names the operator sets"
          + " (DATABASE_URL ...) are refused: use the matching spec field.")
  @Size(max = 200)
  @ValidationRule(value = ApiEnvironment.ENV_RULE, message = ApiEnvironment.ENV_MESSAGE)
  private List<EnvVar> env;

  @JsonPropertyDescription(
      "Extra environment from Secrets or ConfigMaps, e.g. external API keys " + "(OPENAI_API_KEY).")
  @Size(max = 50)
  @ValidationRule(value = ApiEnvironment.ENV_FROM_RULE, message = ApiEnvironment.ENV_FROM_MESSAGE)
  private List<EnvFromSource> envFrom;

  @JsonPropertyDescription(
      "Extra annotations of the API pods (e.g. for a service mesh or log shipper). Part of "
          + "the pod template: changing them starts a rollout.")
  @Size(max = 100)
  @ValidationRule(
      value = KubernetesNames.ANNOTATION_KEYS_RULE,
      message = KubernetesNames.ANNOTATION_KEYS_MESSAGE)
  private Map<String, String> podAnnotations;

  @Default("INFO")
  @JsonPropertyDescription("LOG_LEVEL of the API server.")
  private LogLevel logLevel = LogLevel.INFO;

  @Default("300")
  @Min(0)
  @Max(86400)
  @JsonPropertyDescription("CACHE_TTL_SECONDS: how long the API server caches responses in Redis.")
  private Integer cacheTtlSeconds = 300;

  @Default("365")
  @Min(0)
  @Max(36500)
  @JsonPropertyDescription(
      "SUPERNOVA_DATA_RETENTION_DAYS: with TimescaleDB, sentiment data (and its hourly aggregate)"
          + " is dropped this many days after it was written; 0 keeps it for ever. Counted from"
          + " when a chunk was created, so a restored old dump is kept for this long after the"
          + " restore. Without TimescaleDB nothing is dropped.")
  private Integer dataRetentionDays = 365;

  @Default("false")
  @JsonPropertyDescription(
      "Send the API's sentiment reads (points and hourly roll-ups) to the database's replicas,"
          + " through PgBouncer's read-only pool, to take load off the primary. A read waits for"
          + " nothing: it goes to the primary when the replicas are down or have not replayed the"
          + " last write of its symbol made through the API. Data written by other means may be"
          + " read up to the replicas' lag late. Needs database.instances of 2 or more; changing"
          + " it rolls the API out.")
  private Boolean readFromReplicas = false;

  @Default("1000")
  @Min(1)
  @JsonPropertyDescription("RATE_LIMIT_REQUESTS_PER_HOUR: requests a client may make per hour.")
  private Integer rateLimitRequestsPerHour = 1000;

  @Default("{}")
  @JsonPropertyDescription(
      "Accounts: self-registration (off by default). The first administrator's credentials are in"
          + " the Secret <stack>-api-admin, generated by the operator.")
  private ApiAuthSpec auth = new ApiAuthSpec();

  @Default("{}")
  @JsonPropertyDescription("HorizontalPodAutoscaler (autoscaling/v2) of the active API Deployment.")
  private AutoscalingSpec autoscaling = new AutoscalingSpec();

  @Default("{}")
  @JsonPropertyDescription("PodDisruptionBudget of the API pods.")
  private PodDisruptionBudgetSpec podDisruptionBudget = new PodDisruptionBudgetSpec();

  @JsonPropertyDescription(
      "Where API pods may run: node selector, affinity, tolerations, spread "
          + "constraints, priority class.")
  private SchedulingSpec scheduling;

  @Default("{}")
  @JsonPropertyDescription("How changes to the API pod template roll out (blue-green by default).")
  private RolloutSpec rollout = new RolloutSpec();

  public Boolean getReadFromReplicas() {
    return readFromReplicas;
  }

  public void setReadFromReplicas(Boolean readFromReplicas) {
    this.readFromReplicas = readFromReplicas;
  }

  /** Whether the API's reads go to the replicas (api.readFromReplicas). */
  public boolean readsFromReplicas() {
    return Boolean.TRUE.equals(readFromReplicas);
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  public List<EnvFromSource> getEnvFrom() {
    return envFrom;
  }

  public void setEnvFrom(List<EnvFromSource> envFrom) {
    this.envFrom = envFrom;
  }

  public Map<String, String> getPodAnnotations() {
    return podAnnotations;
  }

  public void setPodAnnotations(Map<String, String> podAnnotations) {
    this.podAnnotations = podAnnotations;
  }

  public LogLevel getLogLevel() {
    return logLevel;
  }

  public void setLogLevel(LogLevel logLevel) {
    this.logLevel = logLevel;
  }

  public Integer getDataRetentionDays() {
    return dataRetentionDays;
  }

  public void setDataRetentionDays(Integer dataRetentionDays) {
    this.dataRetentionDays = dataRetentionDays;
  }

  public Integer getCacheTtlSeconds() {
    return cacheTtlSeconds;
  }

  public void setCacheTtlSeconds(Integer cacheTtlSeconds) {
    this.cacheTtlSeconds = cacheTtlSeconds;
  }

  public Integer getRateLimitRequestsPerHour() {
    return rateLimitRequestsPerHour;
  }

  public void setRateLimitRequestsPerHour(Integer rateLimitRequestsPerHour) {
    this.rateLimitRequestsPerHour = rateLimitRequestsPerHour;
  }

  public ApiAuthSpec getAuth() {
    return auth;
  }

  public void setAuth(ApiAuthSpec auth) {
    this.auth = auth;
  }

  public AutoscalingSpec getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(AutoscalingSpec autoscaling) {
    this.autoscaling = autoscaling;
  }

  public PodDisruptionBudgetSpec getPodDisruptionBudget() {
    return podDisruptionBudget;
  }

  public void setPodDisruptionBudget(PodDisruptionBudgetSpec podDisruptionBudget) {
    this.podDisruptionBudget = podDisruptionBudget;
  }

  public SchedulingSpec getScheduling() {
    return scheduling;
  }

  public void setScheduling(SchedulingSpec scheduling) {
    this.scheduling = scheduling;
  }

  public RolloutSpec getRollout() {
    return rollout;
  }

  public void setRollout(RolloutSpec rollout) {
    this.rollout = rollout;
  }
}
