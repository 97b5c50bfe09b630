package com.supernovaai.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ListedAtStartTest {

  private final ListedAtStart<Secret> filter = new ListedAtStart<>();

  private static Secret secret(String name, String resourceVersion) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .build();
  }

  @Test
  void everyAddPassesWhenNothingWasListed() {
    filter.remember(Stream.empty());
    assertThat(filter.accept(secret("prod-db", "12"))).isTrue();
  }

  @Test
  void theAddOfEachListedObjectIsDroppedOnceThenAddsPassAgain() {
    filter.remember(Stream.of(secret("prod-db", "12"), secret("prod-redis", "14")));

    assertThat(filter.accept(secret("prod-redis", "14"))).isFalse();
    assertThat(filter.accept(secret("prod-db", "12"))).isFalse();
    assertThat(filter.pending()).isZero();
    // Deleted and created again under the same name and version cannot happen; a new object can.
    assertThat(filter.accept(secret("prod-db", "12"))).isTrue();
    assertThat(filter.accept(secret("prod-jwt", "20"))).isTrue();
  }

  @Test
  void anObjectChangedSinceItWasListedStillReconciles() {
    filter.remember(Stream.of(secret("prod-db", "12")));
    assertThat(filter.accept(secret("prod-db", "13"))).isTrue();
  }

  @Test
  void anAddNotListedEndsTheMatchingSinceTheListsAddsCameFirst() {
    filter.remember(Stream.of(secret("prod-db", "12"), secret("prod-redis", "14")));
    assertThat(filter.accept(secret("prod-jwt", "20"))).isTrue();
    assertThat(filter.pending()).isZero();
    assertThat(filter.accept(secret("prod-db", "12"))).isTrue();
  }

  @Test
  void theWatchsFirstOtherEventEndsTheMatching() {
    filter.remember(Stream.of(secret("prod-db", "12")));
    filter.forget();
    assertThat(filter.accept(secret("prod-db", "12"))).isTrue();
  }

  @Test
  void aVersionOfAnotherObjectDoesNotMatch() {
    filter.remember(Stream.of(secret("prod-db", "12")));
    assertThat(filter.accept(secret("prod-redis", "12"))).isTrue();
  }
}
