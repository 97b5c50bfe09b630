package com.supernovaai.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

class AuthServiceTest {

  /**
   * A login for an unknown user checks the password against {@link AuthService#DUMMY_HASH}, one for
   * a known user against the stored hash: bcrypt's work is 2^cost rounds, so equal costs are equal
   * work, and an attacker cannot tell the two answers apart by their timing.
   */
  @Test
  void unknownUserAndWrongPasswordDoTheSameBcryptWork() {
    String stored = AuthService.hash("the-real-password");
    assertThat(cost(AuthService.DUMMY_HASH)).isEqualTo(cost(stored));
    assertThat(cost(stored)).isEqualTo(AuthService.BCRYPT_COST);
    // Printed for the reader, not asserted: timings depend on the machine.
    System.out.printf(
        "bcrypt check medians: wrong password %.1f ms, unknown user (dummy hash) %.1f ms%n",
        medianMillis(stored), medianMillis(AuthService.DUMMY_HASH));
  }

  private static int cost(String bcryptHash) {
    // $2a$10$<salt+hash>: the cost is the third field.
    return Integer.parseInt(bcryptHash.split("\\$")[2]);
  }

  private static double medianMillis(String hash) {
    long[] nanos = new long[9];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      BCrypt.checkpw("a-wrong-password", hash);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos[nanos.length / 2] / 1e6;
  }
}
