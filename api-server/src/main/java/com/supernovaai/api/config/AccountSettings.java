package com.supernovaai.api.config;

import java.nio.charset.StandardCharsets;

/**
 * Who may get an account: self-registration ({@code SUPERNOVA_SELF_REGISTRATION}, off unless turned
 * on) and the first administrator ({@code SUPERNOVA_ADMIN_USERNAME} and {@code
 * SUPERNOVA_ADMIN_PASSWORD}, both or neither), created or updated at every start.
 */
public record AccountSettings(
    boolean selfRegistration, String adminUsername, String adminPassword) {

  public AccountSettings {
    if ((adminUsername == null) != (adminPassword == null)) {
      throw new ConfigException(
          "SUPERNOVA_ADMIN_USERNAME and SUPERNOVA_ADMIN_PASSWORD must be set together");
    }
    if (adminUsername != null && !adminUsername.matches("[A-Za-z0-9._@-]{3,64}")) {
      throw new ConfigException(
          "SUPERNOVA_ADMIN_USERNAME must be 3-64 characters of letters, digits, '.', '_', '@', '-'");
    }
    if (adminPassword != null) {
      int bytes = adminPassword.getBytes(StandardCharsets.UTF_8).length;
      // The same policy as registration: bcrypt reads 72 bytes only.
      if (bytes < 12 || bytes > 72) {
        throw new ConfigException("SUPERNOVA_ADMIN_PASSWORD must be 12 to 72 bytes long");
      }
    }
  }

  public boolean hasAdmin() {
    return adminUsername != null;
  }

  @Override
  public String toString() {
    return "AccountSettings[selfRegistration="
        + selfRegistration
        + ", admin="
        + (hasAdmin() ? adminUsername : "none")
        + "]";
  }
}
