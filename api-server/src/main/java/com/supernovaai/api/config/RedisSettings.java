package com.supernovaai.api.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Where Redis is, parsed from {@code REDIS_URL} ({@code redis://[:password@]host[:port][/db]}). */
public record RedisSettings(String host, int port, String password, int database, boolean ssl) {

  static RedisSettings parse(String url, String passwordOverride) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("REDIS_URL is not a valid redis:// URL");
    }
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new ConfigException("REDIS_URL must start with redis:// or rediss://");
    }
    if (uri.getHost() == null) {
      throw new ConfigException("REDIS_URL has no host");
    }
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      String raw = colon >= 0 ? userInfo.substring(colon + 1) : userInfo;
      if (!raw.isEmpty()) {
        password = URLDecoder.decode(raw, StandardCharsets.UTF_8);
      }
    }
    if (passwordOverride != null && !passwordOverride.isEmpty()) {
      password = passwordOverride;
    }
    int database = 0;
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      try {
        database = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new ConfigException("REDIS_URL database (the path) must be a number");
      }
    }
    int port = uri.getPort() > 0 ? uri.getPort() : 6379;
    return new RedisSettings(uri.getHost(), port, password, database, "rediss".equals(scheme));
  }

  @Override
  public String toString() {
    return "RedisSettings[host="
        + host
        + ", port="
        + port
        + ", password="
        + (password == null ? "none" : "***")
        + ", database="
        + database
        + ", ssl="
        + ssl
        + "]";
  }
}
