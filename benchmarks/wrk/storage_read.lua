-- POST /v2/storage: the SHOAL_TOKEN user reads its own object (written before the run by benchmarks/run).
wrk.method = "POST"
wrk.path = "/v2/storage"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SHOAL_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"object_ids":[{"collection":"bench","key":"save","user_id":"' .. os.getenv("SHOAL_USER_ID") .. '"}]}'
