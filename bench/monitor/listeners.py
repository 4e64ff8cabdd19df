#!/usr/bin/env python3
"""TCP check targets for the monitor benchmark.

Opens COUNT TCP listeners on 127.0.0.1, ports BASE .. BASE+COUNT-1, in one process
(non-blocking sockets, one selectors loop). Every connection is accepted and closed
at once, which is all a plain `check_tcp -H 127.0.0.1 -p PORT` (or Brigade's TCP
check) needs to report OK. Prints "ready" on stdout once every port listens, then
runs until killed (SIGTERM/SIGINT exit cleanly).

    python3 bench/monitor/listeners.py --base 20000 --count 2000

Fails with exit 2 and a message naming the port if a port in the range is taken.
"""
import argparse
import errno
import resource
import selectors
import signal
import socket
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=int, default=20000)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--backlog", type=int, default=128)
    args = ap.parse_args()
    if not (1 <= args.count <= 20000) or args.base < 1024 or args.base + args.count > 65536:
        sys.exit("listeners: need 1 <= count <= 20000 and ports within 1024..65535")

    # One fd per listener plus a few for accepted sockets, epoll, stdio.
    need = args.count + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        if hard != resource.RLIM_INFINITY and hard < need:
            try:  # root may raise the hard limit too
                resource.setrlimit(resource.RLIMIT_NOFILE, (need, need))
            except (ValueError, OSError):
                sys.exit(f"listeners: RLIMIT_NOFILE hard limit {hard} < {need} needed")
        else:
            resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))

    sel = selectors.DefaultSelector()  # epoll on Linux
    socks = []
    for port in range(args.base, args.base + args.count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError as e:
            s.close()
            if e.errno == errno.EADDRINUSE:
                sys.stderr.write(
                    f"listeners: port 127.0.0.1:{port} is already in use "
                    f"(range {args.base}..{args.base + args.count - 1}); "
                    f"stop whatever holds it or pick another --base/--count\n")
                sys.exit(2)
            raise
        s.listen(args.backlog)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        socks.append(s)

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("ready", flush=True)

    accepted = 0
    try:
        while True:
            for key, _ in sel.select():
                ls = key.fileobj
                # Drain the accept queue of this listener (bounded per wake-up).
                for _ in range(64):
                    try:
                        conn, _addr = ls.accept()
                    except (BlockingIOError, InterruptedError):
                        break
                    except OSError:  # e.g. ECONNABORTED, EMFILE: skip, retry on next wake-up
                        break
                    conn.close()
                    accepted += 1
    finally:
        for s in socks:
            s.close()
        sys.stderr.write(f"listeners: accepted {accepted} connections\n")


if __name__ == "__main__":
    main()
