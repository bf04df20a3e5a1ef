-- wrk script for scripts/load-test: each thread POSTs its share of the prepared verifications, one card each.
-- Arguments after "--": THREADS REQUESTS_FILE KEY [DELAY_MS]. With DELAY_MS, each connection waits that long
-- before each request (wrk's delay()), which paces the whole run at about connections × 1000 / DELAY_MS requests/s.
local threads_made = 0

function setup(thread)
  thread:set("thread_index", threads_made)
  threads_made = threads_made + 1
end

local bodies = {}
local next_body = 1
local pause = nil

function init(args)
  local thread_count = tonumber(args[1])
  local index = 0
  for line in io.lines(args[2]) do
    if index % thread_count == thread_index then bodies[#bodies + 1] = line end
    index = index + 1
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. args[3]
  pause = tonumber(args[4])
end

function delay()
  return pause or 0
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return wrk.format(nil, "/v1/verifications", nil, body)
end
