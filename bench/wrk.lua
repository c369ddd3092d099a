-- wrk script for bench/load.py: with WRK_POST set, each request POSTs a new case body
-- (a new title, one of 5,000 customers); at the end, one JSON line with the figures.
local counter = 0
local threads = {}
local thread_id = 0
local post = os.getenv("WRK_POST")

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
end

function request()
  if not post then
    return wrk.request()
  end
  counter = counter + 1
  local n = id * 10000000 + counter
  local body = string.format(
    '{"customer": {"email": "load%d@example.com", "name": "Load Customer"}, '
    .. '"title": "Load case %d", "description": "Posted by the load generator.", '
    .. '"category": "shipping", "severity": "medium", "channel": "api"}',
    n % 5000, n)
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, '
    .. '"p99_us": %d, "max_us": %d, "non_2xx_3xx": %d, "connect": %d, "read": %d, '
    .. '"write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
