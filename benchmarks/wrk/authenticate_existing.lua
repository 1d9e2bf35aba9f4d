-- POST /v2/account/authenticate/device for one device that already exists (a returning player).
wrk.method = "POST"
wrk.path = "/v2/account/authenticate/device"
wrk.headers["Authorization"] = "Basic ZGVmYXVsdGtleTo="
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"id":"bench-existing-device-0001"}'
