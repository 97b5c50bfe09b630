# syntax=docker/dockerfile:1.7
#
# Images of the operator and of the API server, built from this repository:
#
#   docker build --target operator   -t supernova-operator:dev .
#   docker build --target api-server -t supernova-api-server:dev .
#
# Needs BuildKit (the default since Docker 23): the Maven repository is a cache mount, so dependencies are
# downloaded once per machine, not once per build, and never end up in a layer.

ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

# ---- sources: everything the Maven reactor reads (see .dockerignore for what is left out)
FROM ${MAVEN_IMAGE} AS source
WORKDIR /src
COPY . .

# ---- build stages: one per image, so `--target operator` does not compile the API server and vice versa
FROM source AS operator-build
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -pl operator -am -DskipTests package \
 && test -f operator/target/supernova-operator.jar

FROM source AS api-server-build
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -pl api-server -am -DskipTests package \
 && test -f api-server/target/supernova-api.jar

# ---- common runtime: JRE only, a fixed non-root user whose numeric id Kubernetes' runAsNonRoot can verify
FROM ${RUNTIME_IMAGE} AS runtime
RUN groupadd --system --gid 65532 supernova \
 && useradd --system --uid 65532 --gid 65532 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin supernova
WORKDIR /opt/supernova
# The base image has neither curl nor wget guaranteed; bash's /dev/tcp is enough for an HTTP/1.0 GET.
# Usage: healthcheck PORT PATH -> exit 0 when the answer's status line says 200.
RUN printf '%s\n' '#!/bin/bash' \
      'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1' \
      'printf "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n" "$2" >&3' \
      'IFS= read -r -t 5 status <&3 || exit 1' \
      '[[ "$status" == "HTTP/1."[01]" 200"* ]]' \
      > /usr/local/bin/healthcheck \
 && chmod 0555 /usr/local/bin/healthcheck
LABEL org.opencontainers.image.vendor="SuperNova AI" \
      org.opencontainers.image.source="https://github.com/supernova-ai/supernova-operator" \
      org.opencontainers.image.licenses="Apache-2.0"

# ---- the operator (java-operator-sdk); Kubernetes uses the chart's probes, HEALTHCHECK serves docker run
FROM runtime AS operator
COPY --from=operator-build --chown=0:0 --chmod=0444 /src/operator/target/supernova-operator.jar /opt/supernova/operator.jar
# Defaults for `docker run`, the chart's flags (helm/supernova-operator/README.md "Sizing"); the chart sets its own.
ENV OPERATOR_HTTP_PORT=8080 \
    MALLOC_ARENA_MAX=2 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxNewSize=32m -XX:+ExitOnOutOfMemoryError -Xss512k -Dsun.reflect.inflationThreshold=2147483647 -XX:TrimNativeHeapInterval=5000"
EXPOSE 8080
USER 65532:65532
HEALTHCHECK --interval=15s --timeout=6s --start-period=60s --retries=3 \
  CMD ["/bin/bash", "-c", "exec /usr/local/bin/healthcheck \"${OPERATOR_HTTP_PORT:-8080}\" /healthz"]
LABEL org.opencontainers.image.title="SuperNova operator" \
      org.opencontainers.image.description="Kubernetes operator that runs SuperNovaStacks"
ENTRYPOINT ["java", "-jar", "/opt/supernova/operator.jar"]

# ---- the API server (Micronaut); listens on SUPERNOVA_PORT (8081 by default)
FROM runtime AS api-server
COPY --from=api-server-build --chown=0:0 --chmod=0444 /src/api-server/target/supernova-api.jar /opt/supernova/api-server.jar
# G1 stays the collector (ergonomics pick it with >= 2 CPUs and ~2 GiB): the API server is sized in GiB and
# cares about pause times; the heap follows the container's memory limit.
ENV SUPERNOVA_PORT=8081 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8081
USER 65532:65532
HEALTHCHECK --interval=15s --timeout=6s --start-period=60s --retries=3 \
  CMD ["/bin/bash", "-c", "exec /usr/local/bin/healthcheck \"${SUPERNOVA_PORT:-8081}\" /health"]
LABEL org.opencontainers.image.title="SuperNova API server" \
      org.opencontainers.image.description="SuperNova market sentiment API"
ENTRYPOINT ["java", "-jar", "/opt/supernova/api-server.jar"]
