#!/usr/bin/env bash
# The box's dashboard under a big model: 1,000 hosts, 10,000 passive service checks with mixed
# states (submitted through the monitor's API), then wrk against the problems page (/) and, when
# the views are there, /cluster, signed in as a read-only user. Target: p99 < 200 ms.
# Usage: bench/box/run.sh [SECONDS]   (needs wrk and python3)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
secs="${1:-20}"
tmp="$(mktemp -d)"
box_pid=""
cleanup() { [ -n "$box_pid" ] && kill "$box_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
command -v wrk >/dev/null || { echo "bench/box: install Debian package wrk" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
BOX_PORT=$(free_port); MON_PORT=$(free_port)
TOKEN=bench-token-$RANDOM$RANDOM
PW=bench-password-$RANDOM$RANDOM
HASH=$(printf '%s\n' "$PW" | "$root/brigade" box hash-password)

python3 - "$tmp/brigade.yml" "$BOX_PORT" "$MON_PORT" "$TOKEN" "$HASH" <<'PY'
import sys
f, box, mon, token, h = sys.argv[1:]
hosts = [f"h{i:04d}" for i in range(1, 1001)]
with open(f, "w") as o:
    o.write("cluster: bench\nroles:\n  app: { services: { http: { port: 8080, check: none } } }\n"
            "  db: { services: { mysql: { port: 3306, check: none } } }\nhosts:\n")
    for i, n in enumerate(hosts):
        o.write(f"  {n}: {{ address: 127.0.0.1, roles: [app{', db' if i % 10 == 0 else ''}] }}\n")
    o.write("stages:\n  production: { hosts: [" + ", ".join(hosts[:800]) + "] }\n")
    o.write("  staging: { hosts: [" + ", ".join(hosts[800:]) + "] }\n")
    # two layers, so /cluster draws 1,000 servers (app) and 100 (data) with their states
    o.write("layers:\n  - name: app\n    role: app\n    service: http\n"
            "    pools:\n      db: { role: db, service: mysql }\n  - name: data\n    role: db\n")
    o.write("monitor:\n  defaults: { host-check: none, max-attempts: 1 }\n")
    o.write(f"  api: {{ listen: \"127.0.0.1:{mon}\", token: \"{token}\" }}\n  checks:\n")
    for s in range(1, 11):
        o.write(f"    s{s:02d}: {{ role: app, type: passive }}\n")
    o.write(f"box:\n  listen: 127.0.0.1:{box}\n  data: {f.rsplit('/',1)[0]}/data\n")
    o.write(f"  users:\n    bench: {{ role: read, password: \"{h}\" }}\n")
PY

"$root/brigade" box -c "$tmp/brigade.yml" >"$tmp/box.out" 2>"$tmp/box.err" &
box_pid=$!
for _ in $(seq 1 600); do grep -q dashboard "$tmp/box.out" 2>/dev/null && break; sleep 0.2; done
grep dashboard "$tmp/box.out" || { cat "$tmp/box.err" >&2; exit 1; }

# 10,000 passive results: 90% OK, 5% WARNING, 4% CRITICAL, 1% UNKNOWN
python3 - "$MON_PORT" "$TOKEN" <<'PY'
import http.client, json, sys, urllib.parse, random
port, token = sys.argv[1:]
c = http.client.HTTPConnection("127.0.0.1", int(port))
c.request("GET", "/checks"); checks = [x["id"] for x in json.loads(c.getresponse().read())]
random.seed(7)
for i, cid in enumerate(checks):
    r = random.random()
    st = "0" if r < .90 else "1" if r < .95 else "2" if r < .99 else "3"
    body = urllib.parse.urlencode({"check": cid, "status": st, "output": f"bench result {i} status {st}"})
    c.request("POST", "/results", body, {"Authorization": "Bearer " + token,
              "Content-Type": "application/x-www-form-urlencoded"})
    c.getresponse().read()
print(f"submitted {len(checks)} results")
PY

COOKIE=$(python3 - "$BOX_PORT" "$PW" <<'PY'
import http.client, re, sys, urllib.parse
port, pw = sys.argv[1:]
c = http.client.HTTPConnection("127.0.0.1", int(port))
c.request("GET", "/login"); r = c.getresponse(); page = r.read().decode()
login = re.search(r"brigade_login=([^;]+)", r.getheader("Set-Cookie")).group(1)
csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
c.request("POST", "/login", urllib.parse.urlencode({"csrf": csrf, "user": "bench", "password": pw}),
          {"Content-Type": "application/x-www-form-urlencoded", "Cookie": "brigade_login=" + login,
           "Origin": f"http://127.0.0.1:{port}"})
r = c.getresponse(); r.read()
print(re.search(r"brigade_session=([^;]+)", r.getheader("Set-Cookie")).group(1))
PY
)

measure() {
  local path="$1"
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: brigade_session=$COOKIE" "http://127.0.0.1:$BOX_PORT$path")
  if [ "$code" != 200 ]; then echo "$path: HTTP $code, skipped"; return; fi
  local bytes
  bytes=$(curl -s -H "Cookie: brigade_session=$COOKIE" "http://127.0.0.1:$BOX_PORT$path" | wc -c)
  wrk -t1 -c2 -d5s -H "Cookie: brigade_session=$COOKIE" "http://127.0.0.1:$BOX_PORT$path" >/dev/null # warm-up
  echo "== $path ($bytes bytes)"
  wrk -t2 -c4 -d"${secs}s" --latency -H "Cookie: brigade_session=$COOKIE" \
    "http://127.0.0.1:$BOX_PORT$path" | grep -E 'Requests/sec|50%|75%|90%|99%'
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
measure "/"
measure "/?state=problems"
measure "/cluster"
measure "/cluster.svg"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
