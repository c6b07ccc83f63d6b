-- A stream of reader comments: each request POSTs a new, unique comment with a CSRF
-- cookie and token that bench/run.py obtained beforehand by GETting the story page, and
-- a form token of its own (a token sends one comment; bench/run.py issued them, older
-- than COMMENTS_MIN_SECONDS, one a line in BENCH_FORM_TOKENS).
-- Every tenth comment carries three links, so it is held for review as likely spam.
-- BENCH_TOKENS: "cookie,csrf,form_token;..."; BENCH_NAME/BENCH_TEXT: url-encoded Arabic.

local tokens = {}
for set in string.gmatch(os.getenv("BENCH_TOKENS") or "", "[^;]+") do
  local cookie, csrf, form = string.match(set, "^([^,]*),([^,]*),([^,]*)$")
  tokens[#tokens + 1] = {cookie = cookie, csrf = csrf, form = form}
end
local form_tokens = {}
for line in io.lines(os.getenv("BENCH_FORM_TOKENS")) do
  form_tokens[#form_tokens + 1] = (line:gsub(":", "%%3A"):gsub("|", "%%7C"))
end
local name = os.getenv("BENCH_NAME") or "reader"
local text = os.getenv("BENCH_TEXT") or "comment"
local run = os.getenv("BENCH_RUN") or "0"
local links = "%20http%3A%2F%2Fexample.org%2Fa%20http%3A%2F%2Fexample.org%2Fb%20http%3A%2F%2Fexample.org%2Fc"

local threads = {}
local next_id = 0
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "2")

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  statuses = {}
  accepted = 0
  held_sent = 0
end

function request()
  n = n + 1
  local t = tokens[((id - 1) * 7919 + n) % #tokens + 1]
  local tag = string.format("%s-%d-%d", run, id, n)
  local body_text = text .. "%20" .. tag
  if n % 10 == 0 then
    body_text = body_text .. links
    held_sent = held_sent + 1
  end
  -- Thread i takes tokens i, i + threads, i + 2 * threads...: none is sent twice.
  local form = form_tokens[((n - 1) * thread_count + id - 1) % #form_tokens + 1]
  local body = "csrfmiddlewaretoken=" .. t.csrf .. "&form_token=" .. form ..
    "&name=" .. name .. "%20" .. tag .. "&email=bench-post-" .. tag .. "%40example.org" ..
    "&body=" .. body_text .. "&website=&parent="
  local headers = {}
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Cookie"] = "csrftoken=" .. t.cookie
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 302 or status == 303 then accepted = accepted + 1 end
end

function done(summary, latency, requests)
  local counts, acc, held = {}, 0, 0
  for _, thread in ipairs(threads) do
    acc = acc + thread:get("accepted")
    held = held + thread:get("held_sent")
    for status, k in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + k end
  end
  local non2xx, parts = 0, {}
  for status, k in pairs(counts) do
    if status < 200 or status > 399 then non2xx = non2xx + k end
    parts[#parts + 1] = string.format('"%d": %d', status, k)
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"server_p50_ms": -1, "server_p99_ms": -1, "non2xx": %d, "socket_errors": %d, ' ..
    '"queries": -1, "accepted": %d, "held_sent": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    acc, held, table.concat(parts, ", ")))
end
