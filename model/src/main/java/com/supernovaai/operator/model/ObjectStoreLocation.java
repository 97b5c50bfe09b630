package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where a pgBackRest repository is on an S3-compatible store and how to reach it: shared by the
 * archive a stack writes (backup.objectStore) and the one a new stack restores from
 * (database.bootstrap.fromObjectStore). Each subclass declares {@code path} with its own default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ObjectStoreLocation {

  public static final String DEFAULT_REGION = "us-east-1";

  /** The rule and message of {@code path}, declared by each subclass. */
  public static final String PATH_RULE =
      "self.matches('^(/[A-Za-z0-9._-]+)+$') && !self.contains('/./') && !self.contains('/../')"
          + " && !self.endsWith('/.') && !self.endsWith('/..')";

  public static final String PATH_MESSAGE =
      "path must be an absolute path in the bucket such as /prod/supernova: '/'-separated"
          + " letters, digits, '.', '_' and '-', no trailing '/', no '.' or '..' part";

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

  @Default(DEFAULT_REGION)
  @Size(min = 1, max = 64)
  @ValidationRule(
      value = "self.matches('^[a-z0-9-]+$')",
      message = "region must be a region name such as eu-central-1")
  @JsonPropertyDescription(
      "Region the requests are signed for; self-hosted stores usually accept any (default"
          + " us-east-1).")
  private String region = DEFAULT_REGION;

  @Required
  @JsonPropertyDescription(
      "Secret in the stack's namespace with the store's access key id and secret access key.")
  private ObjectStoreCredentials credentialsSecret;

  @JsonPropertyDescription(
      "Secret in the stack's namespace with the CA certificate (PEM) that signed the store's"
          + " certificate, when it is not one the database image trusts.")
  private CaSecretReference caSecret;

  public abstract String getPath();

  public abstract void setPath(String path);

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
}
