-- POST /v2/rpc/bench_sql: one nk.sql_query per call.
wrk.method = "POST"
wrk.path = "/v2/rpc/bench_sql"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SHOAL_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '""'
