package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Ingress to the API server. */
@ValidationRule(
    value = "!has(self.enabled) || !self.enabled || has(self.host)",
    message = "ingress.host is required when ingress.enabled is true",
    fieldPath = ".host")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngressSpec {

  @Default("false")
  @JsonPropertyDescription("Create an Ingress for the API server.")
  private Boolean enabled = false;

  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @JsonPropertyDescription("Host name clients use, e.g. api.example.com. Required when enabled.")
  private String host;

  @JsonPropertyDescription("IngressClass, e.g. nginx.")
  @Size(max = 253)
  @ValidationRule(
      value = KubernetesNames.DNS_SUBDOMAIN_RULE,
      message = KubernetesNames.DNS_SUBDOMAIN_MESSAGE)
  private String className;

  @JsonPropertyDescription("Extra annotations of the Ingress.")
  @Size(max = 100)
  @ValidationRule(
      value = KubernetesNames.ANNOTATION_KEYS_RULE,
      message = KubernetesNames.ANNOTATION_KEYS_MESSAGE)
  private Map<String, String> annotations;

  @JsonPropertyDescription("TLS of the Ingress.")
  private IngressTlsSpec tls;

  @Default("false")
  @JsonPropertyDescription(
      "Route /metrics (Prometheus text: request counts, pool and JVM figures) through the Ingress."
          + " Off by default: Prometheus scrapes the pods inside the cluster, and the figures are"
          + " not for the internet. Only /api, /auth, /ws and /health (liveness) are routed"
          + " otherwise.")
  private Boolean exposeMetrics = false;

  @Default("false")
  @JsonPropertyDescription(
      "Route /version (the image version and color of the replica) through the Ingress. Off by"
          + " default: blue-green checks read it inside the cluster.")
  private Boolean exposeVersion = false;

  @JsonPropertyDescription(
      "CIDRs of the proxies in front of the API server (the Ingress controller's pods, a cloud"
          + " load balancer), e.g. 10.244.0.0/16. Only a request from one of them may name its"
          + " client in X-Forwarded-For; the API server rate-limits per client address, so"
          + " without this every client behind the proxy shares one budget. Empty: the header"
          + " is ignored. Passed to the API server as SUPERNOVA_TRUSTED_PROXIES.")
  @Size(max = 50)
  @ValidationRule(value = Cidrs.RULE, message = Cidrs.MESSAGE)
  private List<String> trustedProxies;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }

  public Boolean getExposeMetrics() {
    return exposeMetrics;
  }

  public void setExposeMetrics(Boolean exposeMetrics) {
    this.exposeMetrics = exposeMetrics;
  }

  public Boolean getExposeVersion() {
    return exposeVersion;
  }

  public void setExposeVersion(Boolean exposeVersion) {
    this.exposeVersion = exposeVersion;
  }

  public List<String> getTrustedProxies() {
    return trustedProxies;
  }

  public void setTrustedProxies(List<String> trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  public IngressTlsSpec getTls() {
    return tls;
  }

  public void setTls(IngressTlsSpec tls) {
    this.tls = tls;
  }
}
