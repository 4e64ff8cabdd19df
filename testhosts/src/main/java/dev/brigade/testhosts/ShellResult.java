package dev.brigade.testhosts;

/**
 * A finished command's exit code and its output (stdout and stderr together).
 *
 * @param exitCode its exit status
 * @param output what it printed
 */
public record ShellResult(int exitCode, String output) {}
