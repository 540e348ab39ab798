-- POST /followups on random debts: a mix of executed calls and emails and scheduled ones.
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local debts, tokens
local bodies = {
  '"status": "sent", "type": "email", "direction": "outbound", ' ..
    '"call_date": "2025-03-01T10:00:00Z", "summary": "Reminder sent"',
  '"status": "deal_found", "type": "call", "direction": "outbound", ' ..
    '"call_date": "2025-03-01T10:00:00+02:00", "duration_ms": 183000, ' ..
    '"summary": "Payment plan agreed", "call_id": "call-bench", ' ..
    '"phone_number_used": "+33612345678"',
  '"status": "scheduled", "type": "sms", "scheduled_at": "2025-04-01T09:00:00Z"',
  '"status": "no_answer", "type": "call", "direction": "outbound", ' ..
    '"call_date": "2025-03-02T08:30:00Z", "disconnection_reason": "no_answer", "is_retry": true',
}

function load_data()
  debts, tokens = common.lines("debts_any.txt"), common.tokens()
end

local sent = 0
-- BENCH_CREATE_KEYS=0 sends creates without Idempotency-Key (to tell its cost apart).
local with_keys = os.getenv("BENCH_CREATE_KEYS") ~= "0"

function request()
  local debt = common.pick(debts)
  local body = '{"debt_id": "' .. debt.value .. '", ' .. common.pick(bodies) .. '}'
  local headers = common.headers(tokens[debt.company], "application/json")
  -- A fresh key per request, as a retrying integrator sends (SPEC 9): the claim and the stored
  -- answer are part of what a create costs.
  if with_keys then
    sent = sent + 1
    headers["Idempotency-Key"] = "bench-" .. thread_id .. "-" .. sent .. "-" .. math.random(1e9)
  end
  return wrk.format("POST", "/external-api/v1/followups", headers, body)
end
