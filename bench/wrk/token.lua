-- POST /token, client_credentials grant, with the credentials of random seeded clients.
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local clients

function load_data()
  clients = common.lines("clients.txt")
end

function request()
  local client_id, secret = common.pick(clients).value:match("^(%S+)%s+(%S+)$")
  local body = "grant_type=client_credentials&client_id=" .. client_id ..
    "&client_secret=" .. secret
  return wrk.format("POST", "/token",
                    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
