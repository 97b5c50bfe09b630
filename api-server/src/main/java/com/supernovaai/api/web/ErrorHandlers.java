package com.supernovaai.api.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps exceptions to JSON errors; clients never see stack traces or driver messages. */
public final class ErrorHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

  private ErrorHandlers() {}

  /** Client errors raised by our own validation. */
  @Singleton
  @Produces
  @Requires(classes = ApiException.class)
  public static class ApiExceptionHandler
      implements ExceptionHandler<ApiException, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, ApiException exception) {
      MutableHttpResponse<ApiError> response =
          HttpResponse.<ApiError>status(exception.status()).body(exception.toError());
      if (exception.status() == HttpStatus.UNAUTHORIZED) {
        response.header("WWW-Authenticate", "Bearer");
      }
      return response;
    }
  }

  /** Everything else: 4xx for refused data, 503 when the database is the cause, else 500. */
  @Singleton
  @Produces
  public static class UnexpectedErrorHandler
      implements ExceptionHandler<Throwable, HttpResponse<ApiError>> {
    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, Throwable exception) {
      var refused = RefusedData.of(exception);
      if (refused.isPresent()) {
        LOG.warn(
            "{} {}: the database refused the data (SQLState {})",
            request.getMethod(),
            request.getPath(),
            refused.get().sqlState());
        return HttpResponse.<ApiError>status(refused.get().status()).body(refused.get().error());
      }
      if (isDatabaseUnavailable(exception)) {
        LOG.warn(
            "{} {}: database unavailable: {}",
            request.getMethod(),
            request.getPath(),
            rootCause(exception));
        return HttpResponse.<ApiError>status(HttpStatus.SERVICE_UNAVAILABLE)
            .header("Retry-After", "5")
            .body(new ApiError("database_unavailable", null, "the database is unavailable"));
      }
      LOG.error("{} {} failed", request.getMethod(), request.getPath(), exception);
      return HttpResponse.<ApiError>status(HttpStatus.INTERNAL_SERVER_ERROR)
          .body(new ApiError("internal_error", null, "internal server error"));
    }
  }

  /** SQL errors, pool time-outs and transaction set-up failures all mean "no usable database". */
  static boolean isDatabaseUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException) {
        return true;
      }
      String name = t.getClass().getName();
      if (name.startsWith("io.micronaut.transaction.")
          || name.startsWith("io.micronaut.data.connection.")
          || name.startsWith("com.zaxxer.hikari.")) {
        return true;
      }
    }
    return false;
  }

  static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName();
  }
}
