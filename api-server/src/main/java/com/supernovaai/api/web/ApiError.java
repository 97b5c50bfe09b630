package com.supernovaai.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/** The JSON body of every error response: {@code {"error": code, "field": ..., "message": ...}}. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String field, String message) {}
