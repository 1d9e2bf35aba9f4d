-- PUT /v2/storage: the SHOAL_TOKEN user overwrites one of its own objects (every connection the same row).
wrk.method = "PUT"
wrk.path = "/v2/storage"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SHOAL_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"objects":[{"collection":"bench","key":"save","value":"{\\"level\\":7,\\"items\\":[\\"sword\\",\\"shield\\"]}","permission_read":1,"permission_write":1}]}'
