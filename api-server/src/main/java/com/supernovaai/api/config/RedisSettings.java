package com.supernovaai.api.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Redis is, parsed from {@code REDIS_URL} ({@code redis://[:password@]host[:port][/db]});
 * with {@code REDIS_SENTINELS} ({@code host:port,...}) the master is whichever the Sentinels name
 * for {@code REDIS_MASTER_NAME}, and REDIS_URL gives only the password, database and TLS.
 */
public record RedisSettings(
    String host,
    int port,
    String password,
    int database,
    boolean ssl,
    List<String> sentinels,
    String masterName) {

  public RedisSettings {
    sentinels = sentinels == null ? List.of() : List.copyOf(sentinels);
  }

  /** Whether the master is found through Sentinel. */
  public boolean sentinel() {
    return !sentinels.isEmpty();
  }

  static RedisSettings parse(String url, String passwordOverride) {
    return parse(url, passwordOverride, null, null);
  }

  static RedisSettings parse(
      String url, String passwordOverride, String sentinelList, String masterName) {
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
    List<String> sentinels = sentinels(sentinelList);
    if (!sentinels.isEmpty() && (masterName == null || masterName.isBlank())) {
      throw new ConfigException("REDIS_MASTER_NAME is required with REDIS_SENTINELS");
    }
    return new RedisSettings(
        uri.getHost(),
        port,
        password,
        database,
        "rediss".equals(scheme),
        sentinels,
        sentinels.isEmpty() ? null : masterName.trim());
  }

  private static List<String> sentinels(String list) {
    if (list == null || list.isBlank()) {
      return List.of();
    }
    List<String> sentinels = new ArrayList<>();
    for (String entry : list.split(",")) {
      String address = entry.trim();
      int colon = address.lastIndexOf(':');
      if (colon <= 0 || colon == address.length() - 1) {
        throw new ConfigException("REDIS_SENTINELS must be host:port entries, comma-separated");
      }
      try {
        int port = Integer.parseInt(address.substring(colon + 1));
        if (port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new ConfigException(
            "REDIS_SENTINELS has a port that is not a number from 1 to 65535");
      }
      sentinels.add(address);
    }
    return sentinels;
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
        + (sentinel() ? ", sentinels=" + sentinels + ", masterName=" + masterName : "")
        + "]";
  }
}
