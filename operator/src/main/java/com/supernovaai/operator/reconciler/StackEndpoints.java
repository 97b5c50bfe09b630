package com.supernovaai.operator.reconciler;

import com.supernovaai.operator.StackNames;
import com.supernovaai.operator.dependent.ApiConfigMapDependent;
import com.supernovaai.operator.model.Endpoints;
import com.supernovaai.operator.model.SuperNovaStack;

/** status.endpoints: where clients reach the stack's API, database and Redis (no credentials). */
final class StackEndpoints {

  private StackEndpoints() {}

  public static Endpoints of(SuperNovaStack stack) {
    Endpoints endpoints = new Endpoints();
    endpoints.setApi(
        "http://"
            + StackNames.serviceHost(stack, StackNames.apiService(stack))
            + ":"
            + StackNames.API_SERVICE_PORT);
    var spec = stack.getSpec();
    if (Boolean.TRUE.equals(spec.getPooler().getEnabled())) {
      endpoints.setDatabase(
          StackNames.serviceHost(stack, StackNames.pooler(stack)) + ":" + StackNames.POOLER_PORT);
    } else if (spec.getDatabase().hasExternal()) {
      endpoints.setDatabase(
          spec.getDatabase().getExternal().getHost()
              + ":"
              + spec.getDatabase().getExternal().getPort());
    } else {
      endpoints.setDatabase(
          StackNames.serviceHost(stack, StackNames.database(stack))
              + ":"
              + StackNames.DATABASE_PORT);
    }
    endpoints.setRedis(
        spec.getRedis().hasExternal()
            ? ApiConfigMapDependent.redisUrl(stack).replaceFirst("//[^@/]*@", "//")
            : StackNames.serviceHost(stack, StackNames.redis(stack)) + ":" + StackNames.REDIS_PORT);
    return endpoints;
  }
}
