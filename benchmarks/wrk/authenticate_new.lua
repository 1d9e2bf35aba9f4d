-- POST /v2/account/authenticate/device with a device id never seen before on every request.
local threads = {}
local run = tostring(os.time())

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
end

function request()
  counter = counter + 1
  local body = '{"id":"bench-' .. run .. '-' .. tid .. '-' .. counter .. '"}'
  return wrk.format("POST", "/v2/account/authenticate/device",
    { ["Authorization"] = "Basic ZGVmYXVsdGtleTo=", ["Content-Type"] = "application/json" }, body)
end
