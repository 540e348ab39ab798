-- GET /followups?limit=50&cursor=<a cursor 10,000 rows deep> (cursors.txt, url-encoded).
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local cursors, tokens

function load_data()
  cursors, tokens = common.lines("cursors.txt"), common.tokens()
end

function request()
  local cursor = common.pick(cursors)
  return wrk.format("GET", "/external-api/v1/followups?limit=50&cursor=" .. cursor.value,
                    common.headers(tokens[cursor.company]))
end
