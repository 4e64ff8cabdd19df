-- wrk script: GET /products/N with N drawn from a Zipf distribution over N_OBJECTS objects,
-- counting hits by the proxy's own hit marker (Brigade Cache-Status, Varnish X-Varnish with two
-- ids, nginx X-Cache-Status: HIT).
local n = tonumber(os.getenv("N_OBJECTS") or "100000")
local s = tonumber(os.getenv("ZIPF_S") or "0.99")
local cdf = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
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
  math.randomseed(os.time() + math.floor(os.clock() * 1000000) + (tonumber(tostring(cdf):sub(8), 16) or 0))
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
  local cs = headers["Cache-Status"] or headers["cache-status"]
  local xv = headers["X-Varnish"] or headers["x-varnish"]
  local xc = headers["X-Cache-Status"] or headers["x-cache-status"]
  if (cs and cs:find("; hit")) or (xv and xv:find("%d+ %d+")) or (xc == "HIT") then
    hits = hits + 1
  end
end

function done(summary, latency, requests)
  local h, r = 0, 0
  for _, t in ipairs(threads) do
    h = h + t:get("hits")
    r = r + t:get("responses")
  end
  io.write(string.format("HITRATIO %.4f %d %d\n", h / math.max(r, 1), h, r))
end
