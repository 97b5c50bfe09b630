package com.supernovaai.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.supernovaai.api.auth.Principal;
import com.supernovaai.api.auth.Role;
import com.supernovaai.api.web.AccessRule.Decision;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessRuleTest {

  private static final Principal READER = new Principal(1, "reader", Set.of(Role.READ));
  private static final Principal WRITER = new Principal(2, "writer", Set.of(Role.WRITE));
  private static final Principal ADMIN = new Principal(3, "admin", Set.of(Role.ADMIN));
  private static final Principal NOBODY = new Principal(4, "old-token", Set.of());

  @Test
  void aRouteWithARoleOpensToThatRoleOnly() {
    AccessRule write = AccessRule.of(Role.WRITE, false);
    assertThat(write.decide(WRITER)).isEqualTo(Decision.ALLOW);
    assertThat(write.decide(READER)).isEqualTo(Decision.FORBIDDEN);
    // Roles do not imply each other: an administrator manages accounts, it does not ingest.
    assertThat(write.decide(ADMIN)).isEqualTo(Decision.FORBIDDEN);
    assertThat(write.decide(NOBODY)).isEqualTo(Decision.FORBIDDEN);
    assertThat(write.decide(null)).isEqualTo(Decision.UNAUTHENTICATED);
  }

  @Test
  void anonymousRoutesOpenToEveryone() {
    AccessRule open = AccessRule.of(null, true);
    assertThat(open.decide(null)).isEqualTo(Decision.ALLOW);
    assertThat(open.decide(READER)).isEqualTo(Decision.ALLOW);
  }

  @Test
  void aRouteThatDeclaresNothingIsClosedToEveryone() {
    AccessRule undeclared = AccessRule.of(null, false);
    assertThat(undeclared).isEqualTo(AccessRule.UNDECLARED);
    for (Principal p : new Principal[] {READER, WRITER, ADMIN, NOBODY}) {
      assertThat(undeclared.decide(p)).isEqualTo(Decision.FORBIDDEN);
    }
    assertThat(undeclared.decide(null)).isEqualTo(Decision.FORBIDDEN);
  }

  @Test
  void aRoleAndAnonymousTogetherMeanTheRole() {
    AccessRule both = AccessRule.of(Role.ADMIN, true);
    assertThat(both.decide(null)).isEqualTo(Decision.UNAUTHENTICATED);
    assertThat(both.decide(READER)).isEqualTo(Decision.FORBIDDEN);
    assertThat(both.decide(ADMIN)).isEqualTo(Decision.ALLOW);
  }
}
