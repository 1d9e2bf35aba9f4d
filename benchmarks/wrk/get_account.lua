-- GET /v2/account with the session token passed in the SHOAL_TOKEN environment variable.
wrk.method = "GET"
wrk.path = "/v2/account"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SHOAL_TOKEN")
