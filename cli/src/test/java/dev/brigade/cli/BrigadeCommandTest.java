package dev.brigade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrigadeCommandTest {
  @Test
  void help_listsCommandsAndExitCodes() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("validate", "demo", "version")
        .contains("Exit codes:")
        .contains("2  invalid model or command line");
  }

  @Test
  void noArguments_printsUsage() {
    CliRun run = CliRun.of();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: brigade");
  }

  @Test
  void everyCommand_hasHelp() {
    for (String command : Brigade.commandLine().getSubcommands().keySet()) {
      CliRun run = CliRun.of(command, "--help");
      assertThat(run.exitCode()).as(command).isZero();
      assertThat(run.out()).as(command).contains("Usage: brigade " + command);
    }
  }

  @Test
  void unknownCommand_exitsTwoWithASuggestion() {
    CliRun run = CliRun.of("valdate");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("Unmatched argument")
        .contains("validate")
        .contains("hint: see 'brigade --help'");
  }

  @Test
  void unknownOption_exitsTwoNamingTheCommandsHelp() {
    CliRun run = CliRun.of("validate", "--frobnicate");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--frobnicate").contains("brigade validate --help");
  }

  @Test
  void version_printsBrigadeAndJavaVersions() {
    CliRun run = CliRun.of("version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("brigade \\d+\\.\\d+\\.\\d+").contains("java ");
  }
}
