package com.supernovaai.api.config;

/** A setting is missing or invalid; the message names it and never contains its value. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
