-- GET one URL; report throughput, client latency and the server's own time per request.
-- Extra request headers come from BENCH_HEADERS ("Name: value|Name: value").
-- Prints one JSON line (prefixed BENCH_JSON) that bench/run.py reads.

local headers_env = os.getenv("BENCH_HEADERS") or ""
for pair in string.gmatch(headers_env, "[^|]+") do
  local name, value = string.match(pair, "^%s*([^:]+):%s*(.*)$")
  if name then wrk.headers[name] = value end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  server_ms = {}
  queries = -1
  misses = 0
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local t = headers["X-Server-Time-Ms"]
  if t then server_ms[#server_ms + 1] = tonumber(t) end
  local cached = headers["X-Page-Cache"]
  if cached and cached ~= "hit" then misses = misses + 1 end -- the view ran: a render
  local q = headers["X-Queries"]
  if q then queries = tonumber(q) end
end

local function percentile(sorted, p)
  if #sorted == 0 then return -1 end
  local i = math.max(1, math.ceil(#sorted * p / 100))
  return sorted[i]
end

function done(summary, latency, requests)
  local all, counts, q, renders = {}, {}, -1, 0
  for _, thread in ipairs(threads) do
    for _, v in ipairs(thread:get("server_ms")) do all[#all + 1] = v end
    for status, n in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + n
    end
    q = math.max(q, thread:get("queries"))
    renders = renders + thread:get("misses")
  end
  table.sort(all)
  local non2xx = 0
  local parts = {}
  for status, n in pairs(counts) do
    if status < 200 or status > 299 then non2xx = non2xx + n end
    parts[#parts + 1] = string.format('"%d": %d', status, n)
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"server_p50_ms": %.2f, "server_p99_ms": %.2f, "non2xx": %d, "socket_errors": %d, ' ..
    '"queries": %d, "renders": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    percentile(all, 50), percentile(all, 99), non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    q, renders, table.concat(parts, ", ")))
end
