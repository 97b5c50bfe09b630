package com.supernovaai.api.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A route anyone may call (probes, version, login). Routes carry either this or {@link
 * RequiresRole}; a route with neither is refused, so a new controller is closed until its author
 * says otherwise.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Anonymous {}
