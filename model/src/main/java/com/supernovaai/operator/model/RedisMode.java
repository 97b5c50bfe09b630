package com.supernovaai.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the operator runs Redis: one pod, or three with Sentinel electing the master. */
public enum RedisMode {
  @JsonProperty("standalone")
  STANDALONE,
  @JsonProperty("sentinel")
  SENTINEL
}
