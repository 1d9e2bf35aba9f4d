-- POST /v2/rpc/bench_echo as an SDK sends it: a JSON-encoded string body and a session token.
wrk.method = "POST"
wrk.path = "/v2/rpc/bench_echo"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SHOAL_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '"{\\"hello\\":\\"world\\",\\"n\\":1}"'
