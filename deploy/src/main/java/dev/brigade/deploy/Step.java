package dev.brigade.deploy;

import java.util.Locale;

/** The named stages every host passes through in a deploy, in order. */
public enum Step {
  /** Log in, make the directories, read the releases, check linked files exist. */
  CHECK,
  /** Take the stage's lock on the host. */
  LOCK,
  /** Upload the revision's archive and unpack it as a new release. */
  UPLOAD,
  /** Link the shared files and directories into the release. */
  LINK,
  /** Build steps, and migrations on one host per role. */
  HOOKS,
  /** Point {@code current} at the new release (a rename over it). */
  SWITCH,
  /** Restart or reload the role's services. */
  RESTART,
  /** The role's health checks, on the host. */
  VERIFY,
  /** Release the lock. */
  UNLOCK,
  /** Append to {@code revisions.log}, clean up old releases. */
  RECORD;

  /** {@code switch}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
