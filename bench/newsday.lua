-- Readers of a news day: paths from BENCH_PATHS (one a line), the i-th read with weight 1/i.
-- Counts cache answers from X-Page-Cache (the app) and X-Cache (Varnish); prints one JSON
-- line (prefixed BENCH_JSON) for bench/newsday.py.

local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end

-- Cumulative Zipf weights, searched by bisection.
local cumulative, total = {}, 0
for i = 1, #paths do
  total = total + 1 / i
  cumulative[i] = total
end

local threads, counter = {}, 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

function init(args)
  statuses, server_ms = {}, {}
  app_hits, app_misses, proxy_hits, proxy_misses = 0, 0, 0, 0
  math.randomseed(os.time() + index * 7919)
end

local function zipf()
  local r = math.random() * total
  local lo, hi = 1, #paths
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < r then lo = mid + 1 else hi = mid end
  end
  return paths[lo]
end

function request()
  return wrk.format("GET", zipf())
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local t = headers["X-Server-Time-Ms"]
  if t then server_ms[#server_ms + 1] = tonumber(t) end
  local app = headers["X-Page-Cache"]
  if app == "hit" then app_hits = app_hits + 1 elseif app then app_misses = app_misses + 1 end
  local proxy = headers["X-Cache"]
  if proxy == "hit" then proxy_hits = proxy_hits + 1 elseif proxy then proxy_misses = proxy_misses + 1 end
end

local function percentile(sorted, p)
  if #sorted == 0 then return -1 end
  return sorted[math.max(1, math.ceil(#sorted * p / 100))]
end

function done(summary, latency, requests)
  local all, counts = {}, {}
  local ah, am, ph, pm = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    for _, v in ipairs(thread:get("server_ms")) do all[#all + 1] = v end
    for status, n in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + n end
    ah, am = ah + thread:get("app_hits"), am + thread:get("app_misses")
    ph, pm = ph + thread:get("proxy_hits"), pm + thread:get("proxy_misses")
  end
  table.sort(all)
  local non2xx, parts = 0, {}
  for status, n in pairs(counts) do
    if status < 200 or status > 299 then non2xx = non2xx + n end
    parts[#parts + 1] = string.format('"%d": %d', status, n)
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"server_p50_ms": %.2f, "server_p99_ms": %.2f, "non2xx": %d, "socket_errors": %d, ' ..
    '"queries": -1, "app_hits": %d, "app_misses": %d, "proxy_hits": %d, "proxy_misses": %d, ' ..
    '"statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    percentile(all, 50), percentile(all, 99), non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    ah, am, ph, pm, table.concat(parts, ", ")))
end
