-- random_bbox.lua: a wrk script for target 2. Every request is a bbox + datetime query of
-- one shape, with a new random box, so the server's response cache never answers it:
--
--   /api/collections/events/items?bbox=W,S,E,N&datetime=START/END&limit=500
--
-- The box is square, HALF degrees either side of a point drawn uniformly within ±0.2° of one
-- of the cities the synthetic events cluster around (seed/synthetic.go); the window is one
-- year (365 days, or YEARS × 365) starting on a random day from 2015 on, ending by 2024.
--
--   wrk -t1 -c8 -d20s --latency -s bench/random_bbox.lua http://127.0.0.1:18080 -- half=0.07 seed=1
--
-- Arguments after "--" (all optional):
--   half=D        box half-width in degrees (default 0.07: a 0.14° box)
--   years=N       window length in years (default 1)
--   seed=N        random seed; each thread adds its own number (default 1). Use another seed
--                 for every run against the same server, or its cache answers repeats.
--   gzip=0|1      send Accept-Encoding: gzip as a browser does (default 1)
--   sample=FILE   record "numberMatched numberReturned status" per response in FILE (use -t1
--   count=N       -c1, and no gzip); the thread stops after N responses (default 200)

local places = {
  {69.17, 34.53}, {70.45, 34.43}, {65.71, 31.61}, {71.52, 34.01}, {68.78, 38.56}, {69.24, 41.31},
  {57.08, 30.28}, {51.39, 35.69}, {52.53, 29.61}, {28.98, 41.01}, {32.85, 39.93}, {37.62, 55.75},
  {30.31, 59.94}, {13.40, 52.52}, {6.96, 50.94}, {2.35, 48.86}, {16.37, 48.21}, {4.35, 50.85},
  {4.90, 52.37}, {18.07, 59.33}, {-0.13, 51.51},
}

local DAY = 86400
local START = 1420070400 -- 2015-01-01T00:00:00Z
local LAST_DAY = 10 * 365 -- 2024-12-29: windows end by then

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

local half, years, gzip, sample, out, want, got = 0.07, 1, true, false, nil, 200, 0

function init(args)
  local opts = {}
  for _, a in ipairs(args) do
    local k, v = a:match("^(%w+)=(.*)$")
    if k then opts[k] = v end
  end
  half = tonumber(opts.half or "0.07")
  years = tonumber(opts.years or "1")
  gzip = (opts.gzip or "1") ~= "0"
  local seed = tonumber(opts.seed or "1") * 1000 + (thread_id or 0)
  math.randomseed(seed)
  if opts.sample then
    sample = true
    want = tonumber(opts.count or "200")
    out = assert(io.open(opts.sample, "w"))
  end
  if gzip and not sample then
    wrk.headers["Accept-Encoding"] = "gzip"
  end
end

local function query()
  local p = places[math.random(#places)]
  local x = p[1] + (math.random() - 0.5) * 0.4
  local y = p[2] + (math.random() - 0.5) * 0.4
  local len = 365 * years
  local s = START + math.random(0, LAST_DAY - len) * DAY
  local e = s + (len - 1) * DAY
  return string.format("/api/collections/events/items?bbox=%.4f,%.4f,%.4f,%.4f&datetime=%s/%s&limit=500",
    x - half, y - half, x + half, y + half, os.date("!%Y-%m-%d", s), os.date("!%Y-%m-%d", e))
end

function request()
  return wrk.format("GET", query())
end

-- response is defined only in sample mode: wrk reads bodies only for scripts that have it,
-- which would slow the load runs.
if os.getenv("WESTWARD_SAMPLE_MODE") == "1" then
  function response(status, headers, body)
    if not sample then return end
    local m = body:match('"numberMatched":(%d+)') or "-1"
    local r = body:match('"numberReturned":(%d+)') or "-1"
    out:write(m, " ", r, " ", status, "\n")
    got = got + 1
    if got >= want then
      out:close()
      sample = false
      wrk.thread:stop()
    end
  end
end
