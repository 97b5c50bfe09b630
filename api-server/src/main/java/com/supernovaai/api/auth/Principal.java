package com.supernovaai.api.auth;

/** The authenticated caller, from a verified access token. */
public record Principal(long userId, String username) {}
