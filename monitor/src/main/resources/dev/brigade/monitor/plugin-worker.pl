# Brigade's plugin worker: forks and execs Nagios plugins for the JVM, as Nagios 4's core workers
# do for Nagios. A small process forks far more cheaply than a large JVM, whose only alternative
# here is posix_spawn through jspawnhelper (two execs per plugin).
#
# Requests on stdin and replies on stdout are frames: a 4-byte big-endian length, then fields
# separated by NUL bytes.
#   request:  id, timeout_ms, max_output_bytes, argv0, argv1, ...
#   reply:    id, exit_code, flags, duration_us, stdout, stderr
# exit_code is -1 when the plugin was killed at its timeout, -2 when it could not be started
# (stderr says why); flags contains "t" when the output was cut at max_output_bytes. Each plugin
# runs in its own process group, which is killed whole at the timeout. The worker exits when its
# stdin closes, killing what still runs.
use strict;
use warnings;
use POSIX qw(:sys_wait_h setpgid _exit);
use Time::HiRes qw(time);
use IO::Select;

$SIG{PIPE} = 'IGNORE';
binmode STDIN;
binmode STDOUT;
my $MAX_FRAME = 1 << 20;
my $sel = IO::Select->new(\*STDIN);
my %jobs;     # pid => job
my %byfh;     # fileno => [job, 'out'|'err', fh]
my $inbuf = '';
my $stdin_open = 1;

sub reply {
  my ($job, $code) = @_;
  my $flags = $job->{cut} ? 't' : '';
  my $us = int((time() - $job->{start}) * 1e6);
  my $payload = join("\0", $job->{id}, $code, $flags, $us, $job->{out}, $job->{err});
  my $frame = pack('N', length($payload)) . $payload;
  my $off = 0;
  while ($off < length($frame)) {
    my $n = syswrite(STDOUT, $frame, length($frame) - $off, $off);
    exit 0 unless defined $n;
    $off += $n;
  }
}

sub start {
  my ($id, $timeout, $max, @argv) = @_;
  my $job = { id => $id, out => '', err => '', cut => 0, max => $max, start => time(),
              deadline => time() + $timeout / 1000.0, open => 2 };
  my ($or, $ow, $er, $ew);
  unless (pipe($or, $ow) && pipe($er, $ew)) {
    $job->{err} = "pipe: $!";
    reply($job, -2);
    return;
  }
  my $pid = fork();
  if (!defined $pid) {
    $job->{err} = "fork: $!";
    reply($job, -2);
    close $_ for ($or, $ow, $er, $ew);
    return;
  }
  if ($pid == 0) {
    setpgid(0, 0);
    open(STDIN, '<', '/dev/null');
    open(STDOUT, '>&', $ow);
    open(STDERR, '>&', $ew);
    close $_ for ($or, $er);
    { no warnings 'exec'; exec { $argv[0] } @argv; }
    print STDERR "cannot run $argv[0]: $!\n";
    _exit(127);    # told apart from a plugin exiting 127 by the message above
  }
  close $ow;
  close $ew;
  $job->{pid} = $pid;
  $jobs{$pid} = $job;
  for my $p ([$or, 'out'], [$er, 'err']) {
    $sel->add($p->[0]);
    $byfh{fileno($p->[0])} = [$job, $p->[1], $p->[0]];
  }
}

sub finish_if_done {
  my ($job) = @_;
  return unless $job->{open} == 0 && defined $job->{status};
  delete $jobs{$job->{pid}};
  my $st = $job->{status};
  my $code = $job->{killed} ? -1 : WIFEXITED($st) ? WEXITSTATUS($st) : 128 + WTERMSIG($st);
  $code = -2 if $code == 127 && $job->{err} =~ /^cannot run /;
  reply($job, $code);
}

while ($stdin_open || %jobs) {
  my $now = time();
  my $wait = 0.2;
  for my $job (values %jobs) {
    if (!$job->{killed} && $now >= $job->{deadline}) {
      kill 'KILL', -$job->{pid};
      $job->{killed} = 1;
    }
    my $left = $job->{deadline} - $now;
    $wait = $left if !$job->{killed} && $left > 0 && $left < $wait;
  }
  my @ready = $sel->can_read($wait);
  for my $fh (@ready) {
    if ($fh == \*STDIN || fileno($fh) == fileno(STDIN)) {
      my $n = sysread(STDIN, $inbuf, 65536, length($inbuf));
      if (!$n) {
        $stdin_open = 0;
        $sel->remove(\*STDIN);
        kill 'KILL', -$_ for keys %jobs;
        $_->{killed} = 1 for values %jobs;
        next;
      }
      while (length($inbuf) >= 4) {
        my $len = unpack('N', substr($inbuf, 0, 4));
        exit 2 if $len > $MAX_FRAME;
        last if length($inbuf) < 4 + $len;
        my $payload = substr($inbuf, 4, $len);
        substr($inbuf, 0, 4 + $len) = '';
        start(split(/\0/, $payload, -1));
      }
      next;
    }
    my $entry = $byfh{fileno($fh)} or next;
    my ($job, $which) = @$entry;
    my $n = sysread($fh, my $chunk, 65536);
    if (!$n) {
      $sel->remove($fh);
      delete $byfh{fileno($fh)};
      close $fh;
      $job->{open}--;
      finish_if_done($job);
      next;
    }
    my $room = $job->{max} - length($job->{$which});
    if ($room > 0) {
      $job->{$which} .= substr($chunk, 0, $room);
    }
    $job->{cut} = 1 if $n > $room && $which eq 'out';
  }
  while ((my $pid = waitpid(-1, WNOHANG)) > 0) {
    my $job = $jobs{$pid} or next;
    $job->{status} = $?;
    finish_if_done($job);
  }
}
