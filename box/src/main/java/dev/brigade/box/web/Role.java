package dev.brigade.box.web;

/** What a signed-in user may do: read everything, or also act (acknowledge, drain, ...). */
public enum Role {
  READ,
  OPERATOR;

  /** Whether a user with this role may do what {@code needed} requires. */
  public boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }
}
