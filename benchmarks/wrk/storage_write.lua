-- PUT /v2/storage: players (64 sessions listed in the SHOAL_TOKENS_FILE file, taken in turn) each write one
-- object of their own, as many players saving their games at once.
local tokens = {}
for line in io.lines(os.getenv("SHOAL_TOKENS_FILE")) do tokens[#tokens + 1] = line end
local body = '{"objects":[{"collection":"bench","key":"save","value":"{\\"level\\":7,\\"items\\":[\\"sword\\",\\"shield\\"]}","permission_read":1,"permission_write":1}]}'
local counter = 0

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  return wrk.format("PUT", "/v2/storage",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
