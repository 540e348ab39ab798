-- GET /followups/debt/{debtId}?limit=50 on random debts holding at least 50 followups.
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local debts, tokens

function load_data()
  debts, tokens = common.lines("debts_full.txt"), common.tokens()
end

function request()
  local debt = common.pick(debts)
  local path = "/external-api/v1/followups/debt/" .. debt.value .. "?limit=50"
  return wrk.format("GET", path, common.headers(tokens[debt.company]))
end
