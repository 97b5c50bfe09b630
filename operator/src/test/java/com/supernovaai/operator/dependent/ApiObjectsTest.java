package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import com.supernovaai.operator.model.IngressTlsSpec;
import org.junit.jupiter.api.Test;

/** The API's Service, HPA, PDB, ServiceAccount and Ingress. */
class ApiObjectsTest {

  @Test
  void activeServiceSelectsTheBlueColor() {
    var service = new ApiServiceDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(service.getMetadata().getName()).isEqualTo("prod-api");
    assertThat(service.getSpec().getSelector()).containsEntry("ops.supernova-ai.com/color", "blue");
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
  }

  @Test
  void autoscalerWithTheGuidesBehaviour() {
    var hpa = new ApiAutoscalerDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("prod-api-blue");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(20);
    assertThat(hpa.getSpec().getMetrics())
        .extracting(
            m ->
                m.getResource().getName()
                    + "="
                    + m.getResource().getTarget().getAverageUtilization())
        .containsExactly("cpu=70", "memory=80");
    var up = hpa.getSpec().getBehavior().getScaleUp();
    var down = hpa.getSpec().getBehavior().getScaleDown();
    assertThat(up.getPolicies().get(0).getValue()).isEqualTo(100);
    assertThat(up.getPolicies().get(0).getPeriodSeconds()).isEqualTo(15);
    assertThat(down.getPolicies().get(0).getValue()).isEqualTo(50);
    assertThat(down.getPolicies().get(0).getPeriodSeconds()).isEqualTo(60);
    assertThat(down.getStabilizationWindowSeconds()).isEqualTo(300);
  }

  @Test
  void disruptionBudgetSpansBothColors() {
    var pdb = new ApiDisruptionBudgetDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .doesNotContainKey("ops.supernova-ai.com/color");
  }

  @Test
  void serviceAccountMountsNoToken() {
    var sa = new ApiServiceAccountDependent().desired(Stacks.minimal(), TestContexts.with());
    assertThat(sa.getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void ingressWithCertManager() {
    var stack = Stacks.minimal();
    var ingress = stack.getSpec().getIngress();
    ingress.setEnabled(true);
    ingress.setHost("api.example.com");
    ingress.setClassName("nginx");
    var tls = new IngressTlsSpec();
    tls.setClusterIssuer("letsencrypt");
    ingress.setTls(tls);

    var desired = new ApiIngressDependent().desired(stack, TestContexts.with());
    assertThat(desired.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(desired.getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
    assertThat(desired.getSpec().getTls().get(0).getSecretName()).isEqualTo("prod-api-tls");
    var backend = desired.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend();
    assertThat(backend.getService().getName()).isEqualTo("prod-api");
  }

  /**
   * java-operator-sdk writes its previous-annotation into the desired object before creating it
   * (InformerEventSource.addPreviousAnnotation): a null annotations map failed every create of a
   * plain Ingress with a NullPointerException.
   */
  @Test
  void plainIngressTakesJavaOperatorSdksAnnotation() {
    var stack = Stacks.minimal();
    stack.getSpec().getIngress().setEnabled(true);
    stack.getSpec().getIngress().setHost("api.example.com");

    var desired = new ApiIngressDependent().desired(stack, TestContexts.with());

    assertThat(desired.getMetadata().getAnnotations()).as("annotations").isNotNull();
    desired.getMetadata().getAnnotations().put("javaoperatorsdk.io/previous", "1");
    assertThat(desired.getSpec().getRules().get(0).getHost()).isEqualTo("api.example.com");
  }
}
