package com.supernovaai.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.operator.model.FromObjectStoreSpec;
import com.supernovaai.operator.model.ObjectStoreLocation;
import org.junit.jupiter.api.Test;

class ObjectStoreEndpointTest {

  @Test
  void anEndpointWithoutAPortIsHttpsOn443AndKeepsItsUrl() {
    var endpoint = ObjectStoreEndpoint.of(DatabaseArchivingTest.store("https://s3.example.com"));
    assertThat(endpoint.host()).isEqualTo("s3.example.com");
    assertThat(endpoint.port()).isEqualTo(443);
    assertThat(endpoint.url()).isEqualTo("https://s3.example.com");
    assertThat(endpoint.region()).isEqualTo(ObjectStoreLocation.DEFAULT_REGION);
  }

  @Test
  void aNamedPortAndRegionAreKept() {
    var store = DatabaseArchivingTest.store("https://10.0.0.7:8333");
    store.setRegion("eu-central-1");
    var endpoint = ObjectStoreEndpoint.of(store);
    assertThat(endpoint.port()).isEqualTo(8333);
    assertThat(endpoint.url()).isEqualTo("https://10.0.0.7:8333");
    assertThat(endpoint.region()).isEqualTo("eu-central-1");
  }

  @Test
  void theSameServerIsTheSameHostInAnyCaseAndTheSamePortWrittenOrNot() {
    var archive = ObjectStoreEndpoint.of(DatabaseArchivingTest.store("https://S3.Example.com"));
    var source = new FromObjectStoreSpec();
    source.setEndpoint("https://s3.example.com:443");
    assertThat(archive.sameServerAs(ObjectStoreEndpoint.of(source))).isTrue();
    source.setEndpoint("https://s3.example.com:9443");
    assertThat(archive.sameServerAs(ObjectStoreEndpoint.of(source))).isFalse();
  }
}
