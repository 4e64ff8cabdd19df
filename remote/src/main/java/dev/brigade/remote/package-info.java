/**
 * Runs commands on many hosts over SSH, with Apache MINA SSHD's client, and uploads files over
 * SFTP.
 *
 * <p>{@link dev.brigade.remote.Remote} is the entry point: {@code Remote.open(options)}, then
 * {@code run}, {@code runAll} and {@code upload}; every call answers an {@link
 * dev.brigade.remote.Outcome} instead of throwing, and each outcome's {@code describe()} says in
 * one line what happened on which host and what to do next.
 */
package dev.brigade.remote;
