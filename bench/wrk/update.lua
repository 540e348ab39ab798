-- PUT /followups/{id} on random followups: partial updates that leave the status alone.
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local followups, tokens
local bodies = {
  '{"summary": "Debtor asked for a call back", "duration_ms": 95000}',
  '{"notes": "Updated transcript after review", "disconnection_reason": "customer_hangup"}',
  '{"summary": "Second attempt", "is_retry": true}',
}

function load_data()
  followups, tokens = common.lines("followups.txt"), common.tokens()
end

function request()
  local followup = common.pick(followups)
  return wrk.format("PUT", "/external-api/v1/followups/" .. followup.value,
                    common.headers(tokens[followup.company], "application/json"),
                    common.pick(bodies))
end
