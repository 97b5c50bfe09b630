package com.supernovaai.operator.model;

/** Log level of the API server (LOG_LEVEL). */
public enum LogLevel {
  TRACE,
  DEBUG,
  INFO,
  WARN,
  ERROR
}
