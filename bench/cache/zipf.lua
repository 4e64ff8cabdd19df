-- wrk script: GET /products/N with N drawn from a Zipf distribution over N_OBJECTS objects,
-- counting hits by the proxy's own hit marker (Brigade Cache-Status, Varnish X-Varnish with two
-- ids, nginx X-Cache-Status: HIT). With ZIPF_REQUESTS set, each of wrk's threads stops after its
-- share of that many responses and draws the same seeded sequence for every proxy, so the caches
-- are compared on the same requests however fast each one serves them; the steady hit ratio counts
-- the second half only (the caches are full by then).
local n = tonumber(os.getenv("N_OBJECTS") or "100000")
local s = tonumber(os.getenv("ZIPF_S") or "0.99")
local cdf = {}
local threads = {}
local limit = tonumber(os.getenv("ZIPF_REQUESTS") or "0")
local nthreads = tonumber(os.getenv("WRK_THREADS") or "2") -- bench/cache/run.sh runs wrk -t2

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  local total = 0
  for i = 1, n do
    total = total + 1 / (i ^ s)
    cdf[i] = total
  end
  for i = 1, n do
    cdf[i] = cdf[i] / total
  end
  hits = 0
  responses = 0
  late_hits = 0
  late = 0
  per_thread = limit > 0 and math.ceil(limit / nthreads) or 0
  if limit > 0 then
    math.randomseed(7919 * id)
  else
    math.randomseed(os.time() + math.floor(os.clock() * 1000000) + (tonumber(tostring(cdf):sub(8), 16) or 0))
  end
end


local function pick()
  local u = math.random()
  local lo, hi = 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end

function request()
  return wrk.format("GET", "/products/" .. pick())
end

function response(status, headers, body)
  responses = responses + 1
  local second_half = per_thread > 0 and responses > per_thread / 2
  if second_half then
    late = late + 1
  end
  local cs = headers["Cache-Status"] or headers["cache-status"]
  local xv = headers["X-Varnish"] or headers["x-varnish"]
  local xc = headers["X-Cache-Status"] or headers["x-cache-status"]
  if (cs and cs:find("; hit")) or (xv and xv:find("%d+ %d+")) or (xc == "HIT") then
    hits = hits + 1
    if second_half then
      late_hits = late_hits + 1
    end
  end
  if per_thread > 0 and responses >= per_thread then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local h, r, lh, l = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    h = h + t:get("hits")
    r = r + t:get("responses")
    lh = lh + t:get("late_hits")
    l = l + t:get("late")
  end
  io.write(string.format("HITRATIO %.4f %d %d\n", h / math.max(r, 1), h, r))
  if l > 0 then
    io.write(string.format("STEADY %.4f %d %d\n", lh / l, lh, l))
  end
end
