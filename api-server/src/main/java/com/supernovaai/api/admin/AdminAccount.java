package com.supernovaai.api.admin;

import com.supernovaai.api.auth.AuthService;
import com.supernovaai.api.auth.Role;
import com.supernovaai.api.auth.User;
import com.supernovaai.api.auth.UserRepository;
import com.supernovaai.api.config.AccountSettings;
import com.supernovaai.api.config.Settings;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The first administrator, from {@code SUPERNOVA_ADMIN_USERNAME}/{@code _PASSWORD} (the operator
 * fills them from the stack's {@code <stack>-api-admin} Secret): created at start, or given the
 * configured password and the admin role again, so that editing the Secret is how an operator
 * resets it. The password is never logged.
 */
@Singleton
public class AdminAccount {

  private static final Logger LOG = LoggerFactory.getLogger(AdminAccount.class);

  private final UserRepository users;
  private final AccountSettings settings;

  public AdminAccount(UserRepository users, Settings settings) {
    this.users = users;
    this.settings = settings.accounts();
  }

  /** Called once per start, after the migrations. */
  public void apply() {
    if (!settings.hasAdmin()) {
      return;
    }
    String username = settings.adminUsername();
    Optional<User> existing = users.findByUsername(username);
    boolean current =
        existing.isPresent()
            && existing.get().roleSet().contains(Role.ADMIN)
            && BCrypt.checkpw(settings.adminPassword(), existing.get().passwordHash());
    if (current) {
      LOG.info("administrator account '{}' is up to date", username);
      return;
    }
    users.upsertAdmin(
        username, BCrypt.hashpw(settings.adminPassword(), BCrypt.gensalt(AuthService.BCRYPT_COST)));
    LOG.info(
        "administrator account '{}' {}",
        username,
        existing.isPresent() ? "updated (password or admin role)" : "created");
  }
}
