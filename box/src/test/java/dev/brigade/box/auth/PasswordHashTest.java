package dev.brigade.box.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
  @Test
  void aHash_isAnArgon2idPhcString_thatVerifiesOnlyItsPassword() {
    String h = PasswordHash.hash("correct horse battery".toCharArray());
    assertThat(h)
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(PasswordHash.verify("correct horse battery".toCharArray(), h)).isTrue();
    assertThat(PasswordHash.verify("correct horse batterz".toCharArray(), h)).isFalse();
    assertThat(PasswordHash.hash("correct horse battery".toCharArray())).isNotEqualTo(h);
    assertThat(PasswordHash.problem(h)).isEmpty();
  }

  @Test
  void malformedOrHugeHashes_neverVerify_andAreNamedAsProblems() {
    for (String bad :
        new String[] {
          "plain",
          "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
          "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
          "$argon2id$v=19$m=8,t=1,p=1$!!$aGFzaGhhc2hoYXNoaGFzaA",
          "$".repeat(600)
        }) {
      assertThat(PasswordHash.verify("x".toCharArray(), bad)).isFalse();
      assertThat(PasswordHash.problem(bad)).isPresent();
    }
    assertThat(PasswordHash.verify("x".toCharArray(), null)).isFalse();
  }
}
