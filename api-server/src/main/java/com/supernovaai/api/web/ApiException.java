package com.supernovaai.api.web;

import io.micronaut.http.HttpStatus;

/**
 * A client-facing error: status, a stable code, optionally the offending field, a short message.
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String code;
  private final String field;

  public ApiException(HttpStatus status, String code, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  /** 400 naming the field. */
  public static ApiException badRequest(String field, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, "bad_request", field, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", null, message);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  public ApiError toError() {
    return new ApiError(code, field, getMessage());
  }
}
