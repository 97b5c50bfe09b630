package com.supernovaai.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.supernovaai.api.config.LimitSettings.WhenRedisDown;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitSettingsTest {

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", "postgresql://db.example:6432/supernova");
    env.put("REDIS_URL", "redis://redis:6379/0");
    env.put("JWT_SECRET_KEY", "0123456789abcdef0123456789abcdef");
    return env;
  }

  @Test
  void defaultsAreTheGuidesAndTrustNoProxy() {
    LimitSettings l = Settings.fromEnv(minimal()).limits();
    assertThat(l.trustedProxies().isEmpty()).isTrue();
    // 10 requests/s per address with a burst; 5 logins or registrations a minute.
    assertThat(l.addressPerMinute()).isEqualTo(600);
    assertThat(l.addressBurst()).isEqualTo(20);
    assertThat(l.authPerMinute()).isEqualTo(5);
    assertThat(l.authBurst()).isEqualTo(5);
    assertThat(l.apiWhenRedisDown()).isEqualTo(WhenRedisDown.LOCAL);
    assertThat(l.authWhenRedisDown()).isEqualTo(WhenRedisDown.LOCAL);
  }

  @Test
  void trustedProxiesAndRedisDownChoicesAreRead() throws Exception {
    Map<String, String> env = minimal();
    env.put("SUPERNOVA_TRUSTED_PROXIES", "10.42.0.0/16,fd00::/8");
    env.put("RATE_LIMIT_AUTH_WHEN_REDIS_DOWN", "closed");
    env.put("RATE_LIMIT_API_WHEN_REDIS_DOWN", "Open");
    LimitSettings l = Settings.fromEnv(env).limits();
    assertThat(l.trustedProxies().trusts(InetAddress.getByName("10.42.7.1"))).isTrue();
    assertThat(l.trustedProxies().trusts(InetAddress.getByName("fd00::9"))).isTrue();
    assertThat(l.trustedProxies().trusts(InetAddress.getByName("10.43.0.1"))).isFalse();
    assertThat(l.authWhenRedisDown()).isEqualTo(WhenRedisDown.CLOSED);
    assertThat(l.apiWhenRedisDown()).isEqualTo(WhenRedisDown.OPEN);
  }

  @Test
  void badValuesStopStartUpNamingTheSetting() {
    Map<String, String> env = minimal();
    env.put("SUPERNOVA_TRUSTED_PROXIES", "10.0.0.0/40");
    assertThatThrownBy(() -> Settings.fromEnv(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SUPERNOVA_TRUSTED_PROXIES");
    env.remove("SUPERNOVA_TRUSTED_PROXIES");
    env.put("RATE_LIMIT_AUTH_WHEN_REDIS_DOWN", "sometimes");
    assertThatThrownBy(() -> Settings.fromEnv(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("RATE_LIMIT_AUTH_WHEN_REDIS_DOWN");
    env.remove("RATE_LIMIT_AUTH_WHEN_REDIS_DOWN");
    env.put("RATE_LIMIT_AUTH_PER_MINUTE", "0");
    assertThatThrownBy(() -> Settings.fromEnv(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("RATE_LIMIT_AUTH_PER_MINUTE");
  }
}
