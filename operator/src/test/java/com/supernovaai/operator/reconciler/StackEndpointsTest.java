package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.Stacks;
import org.junit.jupiter.api.Test;

class StackEndpointsTest {

  @Test
  void clientsReachTheApiServiceAndThePooler() {
    var endpoints = StackEndpoints.of(Stacks.minimal());
    assertThat(endpoints.getApi()).isEqualTo("http://prod-api.supernova.svc:80");
    assertThat(endpoints.getDatabase()).isEqualTo("prod-pooler.supernova.svc:6432");
  }
}
