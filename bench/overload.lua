-- overload.lua: a wrk script for bench/overload.sh. One wrk process sends one class of
-- request, so that wrk's latency percentiles are that class's:
--
--   OVERLOAD_MODE=cached     the map page's public reads in turn (the answers the response cache
--                   holds once warmed): sources, summary, spread and config, and two pages
--                   of events
--   OVERLOAD_MODE=uncached   bbox + datetime queries with a new random box each (random_bbox.lua's,
--                   loaded from the same folder), which the cache never answers
--
--   OVERLOAD_MODE=cached wrk -t1 -c500 -d30s --latency -s bench/overload.lua http://127.0.0.1:18090
--
-- Other arguments after "--" go to random_bbox.lua (half=, seed=). Every response is counted
-- by status; done() prints one line that overload.sh reads:
--   RESULT requests=N p50_ms=X p99_ms=Y s2xx=N s503=N sother=N connect=N read=N write=N timeout=N

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "random_bbox.lua")
local random_request = request

-- The map's own first request, items?limit=10000, is left out: on 100k events its answer is
-- 8.5 MB, over the response cache's bound for one entry (a eighth of 16 MB), so it is rendered
-- every time, an uncached read (see bench/README.md).
local cached_paths = {
  "/api/sources",
  "/api/summary",
  "/api/spread?actor=iskp",
  "/api/config",
  "/api/collections/events/items?kind=attack&limit=100",
  "/api/collections/events/items?limit=1",
}

local threads = {}
local random_setup = setup

function setup(thread)
  random_setup(thread)
  table.insert(threads, thread)
end

local random_init = init
local mode, next_path = os.getenv("OVERLOAD_MODE") or "cached", 0
s2xx, s503, sother = 0, 0, 0

function init(args)
  random_init(args)
  wrk.headers["Accept-Encoding"] = "gzip"
end

function request()
  if mode == "uncached" then
    return random_request()
  end
  next_path = next_path % #cached_paths + 1
  return wrk.format("GET", cached_paths[next_path])
end

-- response is defined for the uncached class only: wrk hands every body to a script that has
-- it, which would slow the cached class's wrk. Its answers are all 2xx/3xx, or it fails (wrk's
-- "Non-2xx" count, which done() reports as sother).
if os.getenv("OVERLOAD_MODE") == "uncached" then
  function response(status, headers, body)
    if status >= 200 and status < 400 then
      s2xx = s2xx + 1
    elseif status == 503 then
      s503 = s503 + 1
    else
      sother = sother + 1
    end
  end
end

function done(summary, latency, requests)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("s2xx")
    b = b + t:get("s503")
    c = c + t:get("sother")
  end
  local e = summary.errors
  if os.getenv("OVERLOAD_MODE") ~= "uncached" then
    a, c = summary.requests - e.status, e.status
  end
  io.write(string.format("RESULT requests=%d p50_ms=%.2f p99_ms=%.2f s2xx=%d s503=%d sother=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, latency:percentile(50) / 1000, latency:percentile(99) / 1000, a, b, c,
    e.connect, e.read, e.write, e.timeout))
end
