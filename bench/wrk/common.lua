-- Shared by every scenario: data files, random picks, per-thread non-2xx counting, and one
-- machine-readable summary line ("BENCH_RESULT {...}") printed by done().
-- Environment: BENCH_DATA (folder of the sample files), BENCH_LUA (this folder).
local common = {}
local data_dir = os.getenv("BENCH_DATA")

-- Lines "<company> <rest>" of a sample file, as {company=..., value=...}.
function common.lines(name)
  local items = {}
  for line in io.lines(data_dir .. "/" .. name) do
    local company, value = line:match("^(%S+)%s+(.+)$")
    if company then items[#items + 1] = {company = company, value = value} end
  end
  return items
end

function common.tokens()
  local tokens = {}
  for _, item in ipairs(common.lines("tokens.txt")) do tokens[item.company] = item.value end
  return tokens
end

function common.pick(items)
  return items[math.random(#items)]
end

function common.headers(token, content_type)
  local headers = {["Authorization"] = "Bearer " .. token}
  if content_type then headers["Content-Type"] = content_type end
  return headers
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_id", #threads)
end

function init(args)
  math.randomseed(os.time() * 100 + thread_id)
  non2xx = 0
  first_bad = ""
  load_data()
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_bad == "" then
      first_bad = status .. " " .. string.sub(body or "", 1, 300):gsub("%c", " ")
    end
  end
end

function done(summary, latency, requests)
  local bad, sample = 0, ""
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
    local first = thread:get("first_bad")
    if sample == "" and first ~= "" then sample = first end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "non2xx": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p99_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, bad, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, latency:percentile(50), latency:percentile(99), latency.mean))
  if sample ~= "" then io.write("BENCH_SAMPLE " .. sample .. "\n") end
end

return common
