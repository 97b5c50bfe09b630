package com.supernovaai.api.redis;

import com.supernovaai.api.config.LimitSettings;
import com.supernovaai.api.config.LimitSettings.WhenRedisDown;
import com.supernovaai.api.config.Settings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Token buckets shared by all replicas through one Redis script, clocked by Redis' TIME so replicas
 * agree. A request is charged to several buckets at once and passes only if every one has a token:
 *
 * <ul>
 *   <li>every request to its client address ({@code RATE_LIMIT_ADDRESS_*}), so that creating
 *       accounts buys no extra budget, and, when authenticated, to its user ({@code
 *       RATE_LIMIT_REQUESTS_PER_HOUR}, {@code RATE_LIMIT_BURST_SIZE});
 *   <li>login and registration to the address's auth bucket ({@code RATE_LIMIT_AUTH_*}), and a
 *       login also to the username, so spraying one account from many addresses is bounded too.
 * </ul>
 *
 * <p>When Redis is down each route does what its setting says ({@link WhenRedisDown}): the same
 * buckets per replica in memory ({@link LocalBuckets}, {@code result="fallback_allowed|
 * fallback_limited"}; a new client past the table's size passes, {@code fail_open}), no limit
 * ({@code fail_open}), or 503 ({@code fail_closed}).
 */
@Singleton
public class RateLimiter {

  private static final String SCRIPT =
      "local t = redis.call('TIME')\n"
          + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
          + "local tokens = {}\n"
          + "local allowed = 1\n"
          + "local retry_ms = 0\n"
          + "local binding = 1\n"
          + "for i = 1, #KEYS do\n"
          + "  local capacity = tonumber(ARGV[2 * i - 1])\n"
          + "  local per_ms = tonumber(ARGV[2 * i]) / 3600000\n"
          + "  local state = redis.call('HMGET', KEYS[i], 'tokens', 'ts')\n"
          + "  local tk = tonumber(state[1])\n"
          + "  local ts = tonumber(state[2])\n"
          + "  if tk == nil or ts == nil then tk = capacity; ts = now end\n"
          + "  tk = math.min(capacity, tk + math.max(0, now - ts) * per_ms)\n"
          + "  tokens[i] = tk\n"
          + "  if tk < 1 then\n"
          + "    local wait = math.ceil((1 - tk) / per_ms)\n"
          + "    if allowed == 1 or wait > retry_ms then retry_ms = wait; binding = i end\n"
          + "    allowed = 0\n"
          + "  end\n"
          + "end\n"
          + "local remaining = -1\n"
          + "for i = 1, #KEYS do\n"
          + "  local capacity = tonumber(ARGV[2 * i - 1])\n"
          + "  local per_ms = tonumber(ARGV[2 * i]) / 3600000\n"
          + "  if allowed == 1 then\n"
          + "    tokens[i] = tokens[i] - 1\n"
          + "    if remaining < 0 or tokens[i] < remaining then remaining = tokens[i]; binding = i end\n"
          + "  end\n"
          + "  redis.call('HSET', KEYS[i], 'tokens', tostring(tokens[i]), 'ts', tostring(now))\n"
          + "  redis.call('PEXPIRE', KEYS[i], math.ceil(capacity / per_ms) + 1000)\n"
          + "end\n"
          + "return {allowed, math.floor(math.max(remaining, 0)), retry_ms, binding}\n";

  private final RedisGuard redis;
  private final LimitSettings settings;
  private final Limit user;
  private final Limit address;
  private final Limit authAddress;
  private final Limit loginUsername;
  private final Map<Limit, LocalBuckets> local;
  private final Counter allowed;
  private final Counter limited;
  private final Counter fallbackAllowed;
  private final Counter fallbackLimited;
  private final Counter failOpen;
  private final Counter failClosed;

  public RateLimiter(RedisGuard redis, Settings settings, MeterRegistry registry) {
    this.redis = redis;
    this.settings = settings.limits();
    LimitSettings l = settings.limits();
    this.user =
        new Limit("user", settings.rateLimitBurstSize(), settings.rateLimitRequestsPerHour());
    this.address = new Limit("address", l.addressBurst(), perHour(l.addressPerMinute()));
    this.authAddress = new Limit("auth", l.authBurst(), perHour(l.authPerMinute()));
    this.loginUsername = new Limit("login", l.authBurst(), perHour(l.authPerMinute()));
    this.local =
        Map.of(
            user, localBuckets(user),
            address, localBuckets(address),
            authAddress, localBuckets(authAddress),
            loginUsername, localBuckets(loginUsername));
    this.allowed = counter(registry, "allowed");
    this.limited = counter(registry, "limited");
    this.fallbackAllowed = counter(registry, "fallback_allowed");
    this.fallbackLimited = counter(registry, "fallback_limited");
    this.failOpen = counter(registry, "fail_open");
    this.failClosed = counter(registry, "fail_closed");
  }

  private static int perHour(int perMinute) {
    return (int) Math.min(Integer.MAX_VALUE, perMinute * 60L);
  }

  private static LocalBuckets localBuckets(Limit limit) {
    return new LocalBuckets(limit.burst(), limit.perHour(), System::nanoTime);
  }

  private static Counter counter(MeterRegistry registry, String result) {
    return Counter.builder("supernova.ratelimit.decisions")
        .description("Rate limit decisions by result")
        .tag("result", result)
        .register(registry);
  }

  /**
   * The bucket of a client address: the address itself for IPv4, its /64 for IPv6, since one
   * subscriber usually holds a whole /64 and could otherwise pick a fresh address per request.
   */
  public static String addressKey(InetAddress address) {
    if (address instanceof Inet4Address) {
      return address.getHostAddress();
    }
    byte[] bytes = Arrays.copyOf(address.getAddress(), 16);
    Arrays.fill(bytes, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // 16 bytes are always an address
    }
  }

  /** Any request: charged to its address and, when authenticated, to its user. */
  public Decision request(String clientAddress, Long userId) {
    List<Charge> charges = new ArrayList<>(2);
    charges.add(new Charge(address, clientAddress));
    if (userId != null) {
      charges.add(new Charge(user, userId.toString()));
    }
    return acquire(settings.apiWhenRedisDown(), charges);
  }

  /** A login attempt: charged to the address's auth bucket and to the username. */
  public Decision login(String clientAddress, String username) {
    return acquire(
        settings.authWhenRedisDown(),
        List.of(new Charge(authAddress, clientAddress), new Charge(loginUsername, username)));
  }

  /** A registration: charged to the address's auth bucket. */
  public Decision register(String clientAddress) {
    return acquire(settings.authWhenRedisDown(), List.of(new Charge(authAddress, clientAddress)));
  }

  private Decision acquire(WhenRedisDown whenDown, List<Charge> charges) {
    List<String> keys = new ArrayList<>(charges.size());
    List<String> args = new ArrayList<>(charges.size() * 2);
    for (Charge c : charges) {
      keys.add("supernova:ratelimit:" + c.limit().name() + ":" + c.client());
      args.add(String.valueOf(c.limit().burst()));
      args.add(String.valueOf(c.limit().perHour()));
    }
    return redis.call(
        jedis -> {
          @SuppressWarnings("unchecked")
          List<Long> r = (List<Long>) jedis.eval(SCRIPT, keys, args);
          boolean ok = r.get(0) == 1L;
          (ok ? allowed : limited).increment();
          long retrySeconds = ok ? 0 : Math.max(1, (r.get(2) + 999) / 1000);
          Limit binding = charges.get((int) (r.get(3) - 1)).limit();
          return new Decision(ok, r.get(1), retrySeconds, binding, false);
        },
        () -> acquireWithoutRedis(whenDown, charges));
  }

  private Decision acquireWithoutRedis(WhenRedisDown whenDown, List<Charge> charges) {
    if (whenDown == WhenRedisDown.CLOSED) {
      failClosed.increment();
      return new Decision(false, 0, 1, charges.get(0).limit(), true);
    }
    if (whenDown == WhenRedisDown.OPEN) {
      failOpen.increment();
      return Decision.UNLIMITED;
    }
    // Not atomic across buckets like the script: a request refused by its second bucket has
    // spent a token of its first, which only errs on the strict side.
    Decision tightest = null;
    for (Charge c : charges) {
      Decision d = local.get(c.limit()).acquire(c.client());
      if (d == null) {
        failOpen.increment();
        return Decision.UNLIMITED;
      }
      d = d.bound(c.limit());
      if (!d.allowed()) {
        fallbackLimited.increment();
        return d;
      }
      if (tightest == null || d.remaining() < tightest.remaining()) {
        tightest = d;
      }
    }
    fallbackAllowed.increment();
    return tightest;
  }

  /** One kind of bucket: its name (part of the Redis key), size and refill per hour. */
  public record Limit(String name, int burst, int perHour) {}

  private record Charge(Limit limit, String client) {}

  /**
   * Outcome: allowed or not, tokens left in the tightest bucket (-1 unknown), seconds until a token
   * is back, the bucket that decided, and whether it was refused because Redis is down ({@link
   * WhenRedisDown#CLOSED}).
   */
  public record Decision(
      boolean allowed, long remaining, long retryAfterSeconds, Limit limit, boolean unavailable) {

    static final Decision UNLIMITED = new Decision(true, -1, 0, null, false);

    Decision(boolean allowed, long remaining, long retryAfterSeconds) {
      this(allowed, remaining, retryAfterSeconds, null, false);
    }

    Decision bound(Limit decidedBy) {
      return new Decision(allowed, remaining, retryAfterSeconds, decidedBy, unavailable);
    }
  }
}
