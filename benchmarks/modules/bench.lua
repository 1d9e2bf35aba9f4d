-- RPCs driven by benchmarks/run: a JSON echo, and one that reads the caller's row with nk.sql_query.
local nk = require("nakama")

nk.register_rpc(function(context, payload)
  return nk.json_encode(nk.json_decode(payload))
end, "bench_echo")

nk.register_rpc(function(context, payload)
  local rows = nk.sql_query("SELECT username FROM users WHERE id = $1", {context.user_id})
  return rows[1].username
end, "bench_sql")
