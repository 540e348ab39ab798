-- GET /stats/followups?<BENCH_QUERY> (a company-wide month grouped by type, SPEC 12) for
-- random companies.
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local companies, tokens
local query = os.getenv("BENCH_QUERY")

function load_data()
  companies, tokens = common.lines("tokens.txt"), common.tokens()
end

function request()
  local company = common.pick(companies)
  return wrk.format("GET", "/external-api/v1/stats/followups?" .. query,
                    common.headers(tokens[company.company]))
end
