package com.supernovaai.operator.dependent;

import com.supernovaai.operator.model.ObjectStoreLocation;
import java.net.URI;

/**
 * Where an object store is reached (the archive's, a restore's source, the offsite dumps'): its
 * endpoint read in one place. The schema admits only {@code https://host[:port]}.
 */
record ObjectStoreEndpoint(String host, int port, boolean portNamed, String region) {

  static final int HTTPS_PORT = 443;

  static ObjectStoreEndpoint of(ObjectStoreLocation store) {
    URI endpoint = URI.create(store.getEndpoint());
    return new ObjectStoreEndpoint(
        endpoint.getHost(),
        endpoint.getPort() < 0 ? HTTPS_PORT : endpoint.getPort(),
        endpoint.getPort() >= 0,
        store.getRegion() == null ? ObjectStoreLocation.DEFAULT_REGION : store.getRegion());
  }

  /** The endpoint as a URL, with the port only where the user wrote one. */
  String url() {
    return "https://" + host + (portNamed ? ":" + port : "");
  }

  /** The same server (host names compare case-insensitively). */
  boolean sameServerAs(ObjectStoreEndpoint other) {
    return host.equalsIgnoreCase(other.host) && port == other.port;
  }
}
