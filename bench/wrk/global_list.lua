-- GET <BENCH_PATH>?<BENCH_QUERY> for random companies: the global list (status and date
-- filters), or the statistics (BENCH_PATH=/stats/followups).
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local companies, tokens
local query = os.getenv("BENCH_QUERY")
local path = os.getenv("BENCH_PATH") or "/followups"

function load_data()
  companies, tokens = common.lines("tokens.txt"), common.tokens()
end

function request()
  local company = common.pick(companies)
  return wrk.format("GET", "/external-api/v1" .. path .. "?" .. query,
                    common.headers(tokens[company.company]))
end
