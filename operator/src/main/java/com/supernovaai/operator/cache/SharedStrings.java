package com.supernovaai.operator.cache;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * The operator's client reads every string of an object from the API server as the one shared
 * instance of its value. The informer caches hold thousands of strings per stack that are the same
 * in every stack (label values, images, env var names, probe paths, file contents); Jackson shares
 * only field names. Interned strings are collected like others once nothing refers to them.
 */
public final class SharedStrings {

  private SharedStrings() {}

  static Module module() {
    return new SimpleModule("shared-strings").addDeserializer(String.class, READER);
  }

  private static final StringDeserializer READER =
      new StringDeserializer() {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context)
            throws IOException {
          String value = super.deserialize(parser, context);
          return value == null ? null : value.intern();
        }
      };
}
