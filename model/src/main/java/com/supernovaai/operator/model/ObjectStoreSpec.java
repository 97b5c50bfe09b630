package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An S3-compatible bucket that WAL and base backups are archived to (pgBackRest). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStoreSpec {

  /** Default recovery window. */
  public static final int DEFAULT_RETENTION_DAYS = 30;

  public static final int DEFAULT_BASE_BACKUP_INTERVAL_HOURS = 24;

  @Required
  @Size(min = 1, max = 2048)
  @ValidationRule(
      value =
          "isURL(self) && url(self).getScheme() == 'https' && url(self).getHostname() != ''"
              + " && url(self).getEscapedPath() in ['', '/'] && url(self).getQuery().size() == 0",
      message =
          "endpoint must be an https URL of the store without a path or query, e.g."
              + " https://s3.eu-central-1.amazonaws.com or https://minio.storage.svc:9000"
              + " (pgBackRest speaks S3 over TLS only)")
  @JsonPropertyDescription(
      "S3 endpoint, e.g. https://s3.eu-central-1.amazonaws.com or https://minio.storage.svc:9000."
          + " HTTPS only (pgBackRest has no plain-HTTP S3 client); a store whose certificate is"
          + " signed by a private CA needs caSecret.")
  private String endpoint;

  @Required
  @Size(min = 3, max = 63)
  @ValidationRule(
      value = "self.matches('^[a-z0-9][a-z0-9.-]*[a-z0-9]$') && !self.contains('..')",
      message =
          "bucket must be an S3 bucket name: 3-63 lower-case letters, digits, '.' and '-',"
              + " starting and ending with a letter or digit")
  @JsonPropertyDescription("Bucket, which must exist; the operator never creates or deletes it.")
  private String bucket;

  @Size(min = 2, max = 512)
  @ValidationRule(
      value =
          "self.matches('^(/[A-Za-z0-9._-]+)+$') && !self.contains('/./') && !self.contains('/../')"
              + " && !self.endsWith('/.') && !self.endsWith('/..')",
      message =
          "path must be an absolute path in the bucket such as /prod/supernova: '/'-separated"
              + " letters, digits, '.', '_' and '-', no trailing '/', no '.' or '..' part")
  @JsonPropertyDescription(
      "Path in the bucket the stack's archive lives under. Default: /<namespace>/<stack>. Two"
          + " stacks must never archive to the same path.")
  private String path;

  @Default("us-east-1")
  @Size(min = 1, max = 64)
  @ValidationRule(
      value = "self.matches('^[a-z0-9-]+$')",
      message = "region must be a region name such as eu-central-1")
  @JsonPropertyDescription(
      "Region the requests are signed for; self-hosted stores usually accept any (default"
          + " us-east-1).")
  private String region = "us-east-1";

  @Required
  @JsonPropertyDescription(
      "Secret in the stack's namespace with the store's access key id and secret access key.")
  private ObjectStoreCredentials credentialsSecret;

  @JsonPropertyDescription(
      "Secret in the stack's namespace with the CA certificate (PEM) that signed the store's"
          + " certificate, when it is not one the database image trusts.")
  private CaSecretReference caSecret;

  @Default("30")
  @Min(1)
  @Max(3650)
  @JsonPropertyDescription(
      "Recovery window in days: every base backup and WAL segment needed to restore to any moment"
          + " of the last retentionDays days is kept; only older ones are expired.")
  private Integer retentionDays = DEFAULT_RETENTION_DAYS;

  @Default("24")
  @Min(1)
  @Max(8760)
  @JsonPropertyDescription(
      "A full base backup is taken when archiving starts and whenever the newest one is this many"
          + " hours old (a restore replays the WAL since the backup it starts from, so this bounds"
          + " how long a restore takes).")
  private Integer baseBackupIntervalHours = DEFAULT_BASE_BACKUP_INTERVAL_HOURS;

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public ObjectStoreCredentials getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(ObjectStoreCredentials credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public CaSecretReference getCaSecret() {
    return caSecret;
  }

  public void setCaSecret(CaSecretReference caSecret) {
    this.caSecret = caSecret;
  }

  public Integer getRetentionDays() {
    return retentionDays;
  }

  public void setRetentionDays(Integer retentionDays) {
    this.retentionDays = retentionDays;
  }

  public Integer getBaseBackupIntervalHours() {
    return baseBackupIntervalHours;
  }

  public void setBaseBackupIntervalHours(Integer baseBackupIntervalHours) {
    this.baseBackupIntervalHours = baseBackupIntervalHours;
  }
}
