package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** TLS of the Ingress. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngressTlsSpec {

  @JsonPropertyDescription(
      "Secret with the certificate; with clusterIssuer, cert-manager writes it "
          + "(default: <stack>-api-tls).")
  @Size(max = 253)
  @ValidationRule(
      value = KubernetesNames.DNS_SUBDOMAIN_RULE,
      message = KubernetesNames.DNS_SUBDOMAIN_MESSAGE)
  private String secretName;

  @JsonPropertyDescription("cert-manager ClusterIssuer that issues the certificate.")
  @Size(max = 253)
  @ValidationRule(
      value = KubernetesNames.DNS_SUBDOMAIN_RULE,
      message = KubernetesNames.DNS_SUBDOMAIN_MESSAGE)
  private String clusterIssuer;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getClusterIssuer() {
    return clusterIssuer;
  }

  public void setClusterIssuer(String clusterIssuer) {
    this.clusterIssuer = clusterIssuer;
  }
}
